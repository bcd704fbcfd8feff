import NexBoardCore
import Proxmox

/// What `deploy vm` and `deploy ct` share: names, VMIDs, presets, the requester's scope and nodes.
enum DeployPlacement {
    /// The new guest's name, checked to be a DNS label as PVE requires.
    static func name(_ context: CommandContext) throws -> String {
        let name = context.command.text("name") ?? ""
        let valid = (1...63).contains(name.count) && name.first != "-" && name.last != "-"
            && name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }
        guard valid else {
            throw InvalidRequest(userMessage: "`\(name)` is not a valid name: use letters, digits and inner hyphens, at most 63 (a DNS label).")
        }
        return name
    }

    /// The preset `--preset` names, or an empty one.
    static func preset(_ context: CommandContext) throws -> DeployPreset {
        guard let name = context.command.text("preset") else { return DeployPreset() }
        let presets = context.services.deployPresets
        guard let preset = presets[name] else {
            let known = presets.keys.sorted()
            throw InvalidRequest(userMessage: known.isEmpty ? "No deploy presets are configured (`deploy.presets` in the configuration)."
                                 : "There is no preset `\(name)`.\(Suggestions.didYouMean(Suggestions.closest(to: name, in: known))) Presets: \(known.map { "`\($0)`" }.joined(separator: ", ")).")
        }
        return preset
    }

    /// The tags the new guest needs so that its creator may manage it: when their `guest.create` grant
    /// is scoped by tag, one of those tags. Refuses when the guest, so tagged, would still be outside
    /// their scope (a scope by node, pool or VMID that the placement does not meet).
    static func scopeTags(_ context: CommandContext, cluster: String, vmid: Int, name: String, node: String, pool: String?) throws -> [String] {
        var tags: [String] = []
        if case .allowedWithinScopes(let scopes) = context.reach(.guestCreate), !scopes.contains(where: { !$0.limitsGuests }),
           let tag = scopes.compactMap({ $0.tags.sorted().first }).first {
            tags = [tag]
        }
        let target = GuestTarget(cluster: cluster, vmid: vmid, name: name, node: node, tags: tags, pool: pool)
        if case .denied(let reason) = context.policy.check(.guestCreate, subjects: context.request.subjects, guest: target) {
            throw AccessDenied(reason: "The new guest would be outside what you may manage: \(reason)")
        }
        return tags
    }

    /// The node `--node` names, else the first online one.
    static func node(_ context: CommandContext, cluster: ClusterHandle) async throws -> String {
        if let asked = context.command.text("node") { return try await NodeResolver.resolve(asked, cluster: cluster) }
        return try await firstOnlineNode(cluster)
    }

    static func firstOnlineNode(_ cluster: ClusterHandle) async throws -> String {
        guard let node = try await cluster.client.nodes().filter({ $0.status == .online }).map(\.node).sorted().first else {
            throw InvalidRequest(userMessage: "No node of \(cluster.name) is online.")
        }
        return node
    }

    /// "local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst" → "debian-12-standard_12.7-1_amd64.tar.zst".
    static func fileName(of volid: String) -> String {
        String(volid.split(separator: "/").last ?? Substring(volid))
    }

    /// What the reply says when a deploy stops half way: what exists and how to remove it.
    static func leftover(_ label: String, vmid: Int, kind: GuestKind) -> String {
        "\(label) exists but is not finished: remove it in the web UI (More → Remove) or with `\(kind == .qemu ? "qm" : "pct") destroy \(vmid)`."
    }
}
