import NexBoardCore
import Proxmox

/// A guest found in `/cluster/resources`, ready for a command.
struct ResolvedGuest: Sendable {
    let resource: ClusterResource
    let cluster: String
    let vmid: Int
    let kind: GuestKind
    let node: String
    let name: String

    var target: GuestTarget {
        GuestTarget(cluster: cluster, vmid: vmid, name: name, node: node, tags: resource.tags, pool: resource.pool)
    }

    /// "VM 101 (web01)" or "CT 200 (dns)".
    var label: String { "\(kind == .qemu ? "VM" : "CT") \(vmid) (\(name))" }
}

/// Finds a guest by VMID or name among the guests the requester may see. A guest they may not see
/// is answered exactly as one that does not exist: no name in the refusal, no suggestion, no count.
enum GuestResolver {
    static func guests(in resources: [ClusterResource], cluster: String) -> [ResolvedGuest] {
        resources.compactMap { resource in
            guard let kind = resource.guestKind, let vmid = resource.vmid, let node = resource.node else { return nil }
            return ResolvedGuest(resource: resource, cluster: cluster, vmid: vmid, kind: kind, node: node, name: resource.name ?? "\(vmid)")
        }
    }

    /// On a Confirm press the pinned VMID must still be the guest the question named.
    static func resolve(_ text: String, in context: CommandContext, cluster: ClusterHandle) async throws -> ResolvedGuest {
        let guests = guests(in: try await cluster.client.clusterResources(type: .vm), cluster: cluster.name)
        let visibility = context.visibility
        if let expected = context.expected, expected.cluster == cluster.name {
            let guest = try expected.check(guests)
            guard visibility.contains(.guest(guest.target)) else {
                throw AccessDenied(reason: "You may no longer act on \(expected.label).")
            }
            return guest
        }
        return try resolve(text, among: guests) { visibility.contains(.guest($0)) }
    }

    /// Only the guests the text names are asked about `visible` (all of them only to suggest a name).
    static func resolve(_ text: String, among guests: [ResolvedGuest], visible: (GuestTarget) -> Bool) throws -> ResolvedGuest {
        if let vmid = Int(text) {
            let numbered = guests.filter { $0.vmid == vmid }
            if let guest = numbered.first(where: { visible($0.target) }) { return guest }
            let message = "There is no guest with VMID \(vmid)."
            if let hidden = numbered.first { throw HiddenTarget(target: hidden.audited, userMessage: message) }
            throw InvalidRequest(userMessage: message)
        }
        let wanted = text.lowercased()
        let named = guests.filter { $0.name.lowercased() == wanted }
        let matches = named.filter { visible($0.target) }
        if matches.count == 1 { return matches[0] }
        if matches.count > 1 {
            let ids = matches.map { "\($0.vmid)" }.joined(separator: ", ")
            throw InvalidRequest(userMessage: "More than one guest is named `\(text)` (VMIDs \(ids)). Use the VMID.")
        }
        let seen = guests.filter { visible($0.target) }.map(\.name)
        let message = "There is no guest named `\(text)`.\(Suggestions.didYouMean(Suggestions.closest(to: text, in: seen)))"
        if let hidden = named.first { throw HiddenTarget(target: hidden.audited, userMessage: message) }
        throw InvalidRequest(userMessage: message)
    }

    /// What an item that names a guest by VMID (a task, an event) is about, for filtering lists.
    static func concern(vmid: String?, node: String, cluster: String, guests: [Int: ResolvedGuest]) -> Concern {
        guard let vmid = vmid.flatMap({ Int($0) }) else { return .node(cluster: cluster, name: node) }
        return .guest(guests[vmid]?.target ?? GuestTarget(cluster: cluster, vmid: vmid, name: "", node: node, tags: [], pool: nil))
    }
}

extension ResolvedGuest {
    /// "VM 105 (nextcloud) on homelab", for the audit log.
    var audited: String { "\(label) on \(cluster)" }
}

extension CommandContext {
    /// The guest the command's `guest` option names on `cluster`, noted as the audit target and
    /// checked against the command's permission: the start of every command that acts on one guest.
    func authorizedGuest(on cluster: ClusterHandle) async throws -> ResolvedGuest {
        let guest = try await GuestResolver.resolve(command.text("guest") ?? "", in: self, cluster: cluster)
        await notes.set(target: guest.label, cluster: cluster.name)
        try authorize(guest.target)
        return guest
    }
}
