import NexBoardCore
import Proxmox

/// `vm tag add|remove <guest> <tag>`: edits the guest's `tags` in its Proxmox config.
struct VMTagHandler: CommandHandler {
    let adding: Bool
    var command: String { adding ? "vm tag add" : "vm tag remove" }

    func handle(_ context: CommandContext) async throws -> Message {
        let cluster = try context.cluster()
        let tag = (context.command.text("tag") ?? "").lowercased()
        guard Self.isValid(tag) else {
            throw InvalidRequest(userMessage: "`\(tag)` is not a valid Proxmox tag: use letters, digits, `-`, `_`, `+` and `.`, starting with a letter or digit.")
        }
        let guest = try await GuestResolver.resolve(context.command.text("guest") ?? "", in: context, cluster: cluster)
        await context.notes.set(target: "\(guest.label) tag \(tag)", cluster: cluster.name)
        try context.authorize(guest.target)
        // A tag that some binding's scope names decides who may act on the guest: only someone whose
        // `guest.tag` has no scope may add or remove it, or a scoped user could widen a scope.
        if context.policy.bindings.contains(where: { $0.scope?.tags.contains(tag) == true }) {
            try context.requireUnscoped(for: "Adding or removing `\(tag)`, a tag that permissions are scoped on,")
        }
        // Read the current tags from the config, not the cached resource list, so no concurrent edit is lost.
        let config = try await cluster.client.guestConfig(node: guest.node, kind: guest.kind, vmid: guest.vmid)
        var tags = config.tags.map { $0.lowercased() }
        if adding {
            guard !tags.contains(tag) else {
                return Message(text: "\(guest.label) already has the tag `\(tag)`.", severity: .info)
            }
            tags.append(tag)
        } else {
            guard tags.contains(tag) else {
                throw InvalidRequest(userMessage: "\(guest.label) has no tag `\(tag)`. Its tags: \(tags.isEmpty ? "none" : tags.joined(separator: ", ")).")
            }
            tags.removeAll { $0 == tag }
        }
        try await cluster.client.setGuestTags(node: guest.node, kind: guest.kind, vmid: guest.vmid, tags: tags)
        return Message(
            text: adding ? "Tagged \(guest.label) with `\(tag)`." : "Removed the tag `\(tag)` from \(guest.label).",
            fields: [.init("Tags now", tags.isEmpty ? "none" : tags.joined(separator: ", "))],
            severity: .success)
    }

    /// Proxmox's tag format: `[a-z0-9_][a-z0-9_\-+.]*`.
    static func isValid(_ tag: String) -> Bool {
        guard let first = tag.first, first.isASCII, first.isLetter || first.isNumber || first == "_" else { return false }
        return tag.count <= 64 && tag.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "_-+.".contains($0)) }
    }
}
