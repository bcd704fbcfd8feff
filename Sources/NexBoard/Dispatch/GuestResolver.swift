import NexBoardCore
import Proxmox

/// A guest found in `/cluster/resources`, ready for a command.
struct ResolvedGuest: Sendable {
    let resource: ClusterResource
    let vmid: Int
    let kind: GuestKind
    let node: String
    let name: String

    var target: GuestTarget {
        GuestTarget(vmid: vmid, name: name, node: node, tags: resource.tags, pool: resource.pool)
    }

    /// "VM 101 (web01)" or "CT 200 (dns)".
    var label: String { "\(kind == .qemu ? "VM" : "CT") \(vmid) (\(name))" }
}

/// Finds a guest by VMID or name, with "did you mean" suggestions among the guests the user may see.
enum GuestResolver {
    static func guests(in resources: [ClusterResource]) -> [ResolvedGuest] {
        resources.compactMap { resource in
            guard let kind = resource.guestKind, let vmid = resource.vmid, let node = resource.node else { return nil }
            return ResolvedGuest(resource: resource, vmid: vmid, kind: kind, node: node, name: resource.name ?? "\(vmid)")
        }
    }

    static func resolve(_ text: String, in context: CommandContext, cluster: ClusterHandle) async throws -> ResolvedGuest {
        let guests = guests(in: try await cluster.client.clusterResources(type: .vm))
        return try resolve(text, among: guests, visible: context.canSee)
    }

    static func resolve(_ text: String, among guests: [ResolvedGuest], visible: (GuestTarget) -> Bool) throws -> ResolvedGuest {
        if let vmid = Int(text) {
            if let guest = guests.first(where: { $0.vmid == vmid }) { return guest }
            throw InvalidRequest(userMessage: "There is no guest with VMID \(vmid).")
        }
        let matches = guests.filter { $0.name.lowercased() == text.lowercased() }
        if matches.count == 1 { return matches[0] }
        if matches.count > 1 {
            let ids = matches.map { "\($0.vmid)" }.joined(separator: ", ")
            throw InvalidRequest(userMessage: "More than one guest is named `\(text)` (VMIDs \(ids)). Use the VMID.")
        }
        let names = guests.filter { visible($0.target) }.map(\.name)
        let suggestions = Suggestions.closest(to: text, in: names)
        throw InvalidRequest(userMessage: "There is no guest named `\(text)`.\(Suggestions.didYouMean(suggestions))")
    }
}
