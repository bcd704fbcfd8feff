import NexBoardCore
import Proxmox

extension Dispatcher {
    /// Autocomplete for an option, from the catalog's option types: guests (VMID and name), nodes
    /// and clusters. Only what the user may reach with the command's permission (or see with
    /// `guest.view`) is suggested: nothing to someone bound to nothing. Guests and nodes come from a
    /// short-lived per-cluster cache, so a burst of keystrokes is one Proxmox call.
    public func suggestions(_ query: SuggestionQuery) async -> [Suggestion] {
        guard let (spec, _) = services.catalog.match(query.command),
              let declared = spec.allOptions.first(where: { $0.name == query.option })
        else { return [] }
        let needle = query.typed.lowercased().trimmingCharacters(in: .whitespaces)
        func matches(_ text: String) -> Bool { needle.isEmpty || text.lowercased().contains(needle) }
        let policy = services.policy
        let permissions = Set([Permission.guestView] + (spec.permission.map { [$0] } ?? []))
        func decisions(on cluster: String) -> [AccessDecision] {
            permissions.map { policy.check($0, subjects: query.subjects, cluster: cluster) }
        }
        switch declared.type {
        case .cluster:
            return services.clusters.clusters.map(\.name)
                .filter { name in matches(name) && decisions(on: name).contains(where: \.isAllowed) }
                .prefix(Self.maximumSuggestions).map { Suggestion(label: $0, value: $0) }
        case .guest, .node:
            guard let (cluster, visibility) = reachable(query.cluster, decisions: decisions),
                  let resources = try? await services.resources.resources(of: cluster) else { return [] }
            if declared.type == .node {
                let names = Set(resources.filter { $0.type == .node }.compactMap(\.node)).filter(matches)
                return names.sorted().prefix(Self.maximumSuggestions).map { Suggestion(label: $0, value: $0) }
            }
            let guests = GuestResolver.guests(in: resources, cluster: cluster.name)
                .filter { !$0.resource.template && visibility.contains(.guest($0.target)) && (matches(String($0.vmid)) || matches($0.name)) }
                .sorted { $0.vmid < $1.vmid }
            return guests.prefix(Self.maximumSuggestions).map { guest in
                let details = [guest.node, guest.resource.status].compactMap { $0 }.joined(separator: ", ")
                return Suggestion(label: String("\(guest.vmid) \(guest.name) (\(details))".prefix(100)), value: String(guest.vmid))
            }
        case .storage, .string:
            guard let (cluster, visibility) = reachable(query.cluster, decisions: decisions) else { return [] }
            let values = await deploySuggestions(for: declared, of: spec.name, on: cluster, visibility: visibility)
            return values.filter { matches($0.label) }.prefix(Self.maximumSuggestions).map { $0 }
        default:
            return []
        }
    }

    /// The cluster the query names (or the only one the requester reaches) and what they may see on
    /// it; nil when they may see nothing there.
    private func reachable(_ name: String?, decisions: (String) -> [AccessDecision]) -> (ClusterHandle, Visibility)? {
        guard let cluster = try? services.clusters.cluster(named: name, reaches: { decisions($0).contains(where: \.isAllowed) })
        else { return nil }
        let visibility = Visibility(decisions: decisions(cluster.name))
        return visibility.decisions.contains(where: \.isAllowed) ? (cluster, visibility) : nil
    }

    /// The fewest choices a platform shows (25); a platform that shows fewer cuts the list itself.
    static let maximumSuggestions = 25
}
