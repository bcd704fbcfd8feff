import Alerting
import NexBoardCore
import Proxmox

/// What an alert silence's matcher (or an alert id) could reach, so that someone whose
/// `alerts.manage` or `guest.view` is scoped silences, lists and ends only what concerns their guests.
///
/// A matcher is an alert id, a rule name, `*`, `node:<node>`, a VMID, a guest, node or storage name,
/// an alert label, or one of the cluster-precise forms `<cluster>:<target id>`, `<cluster>:node:<node>`
/// and `<cluster>:*` (see `TrackedAlert.matches`).
struct AlertMatcher {
    let alerts: [TrackedAlert]
    let rules: Set<String>
    /// Every configured cluster's current resources (nodes, guests, storages).
    let clusters: [(name: String, resources: [ClusterResource])]

    static func load(_ context: CommandContext, center: AlertCenter) async throws -> AlertMatcher {
        var clusters: [(String, [ClusterResource])] = []
        for handle in context.clusters {
            // A cluster that does not answer has nothing to match now; its alerts still match by id.
            let resources = (try? await context.services.resources.resources(of: handle)) ?? []
            clusters.append((handle.name, resources))
        }
        return AlertMatcher(alerts: try await center.activeAlerts(), rules: Set(await center.engine.rules.map { $0.name.lowercased() }),
                            clusters: clusters)
    }

    /// Everything the matcher names; empty when it names nothing known.
    func concerns(of matcher: String) -> [Concern] {
        let text = matcher.lowercased()
        if text == "*" || rules.contains(text) { return [.everything] }
        if let alert = alerts.first(where: { $0.id.lowercased() == text }) { return [alert.target.concern(cluster: alert.cluster)] }
        var found: [Concern] = []
        if let colon = text.firstIndex(of: ":"), let cluster = clusters.first(where: { $0.name == text[..<colon] }) {
            let rest = String(text[text.index(after: colon)...])
            if rest == "*" { return [.cluster(cluster.name)] }
            if rest.hasPrefix("node:") { return [.node(cluster: cluster.name, name: String(rest.dropFirst(5)))] }
            return names(rest, on: cluster)
        }
        if text.hasPrefix("node:") {
            let node = String(text.dropFirst(5))
            return clusters.filter { $0.resources.contains { $0.type == .node && $0.node?.lowercased() == node } }
                .map { .node(cluster: $0.name, name: node) }
        }
        for cluster in clusters { found += names(text, on: cluster) }
        for alert in alerts where [alert.label, alert.target.label].contains(where: { $0.lowercased() == text }) {
            found.append(alert.target.concern(cluster: alert.cluster))
        }
        return Array(Set(found))
    }

    /// A VMID, a guest, node or storage name on one cluster.
    private func names(_ text: String, on cluster: (name: String, resources: [ClusterResource])) -> [Concern] {
        var found: [Concern] = []
        let guests = GuestResolver.guests(in: cluster.resources, cluster: cluster.name)
        if let vmid = Int(text) {
            found += guests.filter { $0.vmid == vmid }.map { .guest($0.target) }
        } else {
            found += guests.filter { $0.name.lowercased() == text }.map { .guest($0.target) }
        }
        for resource in cluster.resources {
            if resource.type == .node, resource.node?.lowercased() == text {
                found.append(.node(cluster: cluster.name, name: resource.node ?? text))
            } else if resource.type == .storage, [resource.storage, resource.node.map { "\($0)/\(resource.storage ?? "")" }]
                .contains(where: { $0?.lowercased() == text }) {
                found.append(.cluster(cluster.name))
            }
        }
        return found
    }

    /// The cluster-precise matcher for one concern a scoped user may silence.
    static func precise(_ concern: Concern) -> String? {
        switch concern {
        case .guest(let guest): "\(guest.cluster):\(guest.vmid)"
        case .node(let cluster, let name): "\(cluster):node:\(name)"
        case .cluster(let cluster): "\(cluster):*"
        case .everything: nil
        }
    }

    /// Whether a scoped decision reaches everything the matcher names (and it names something).
    func isWithin(_ decision: AccessDecision, matcher: String) -> Bool {
        if decision == .allowed { return true }
        let concerns = concerns(of: matcher)
        return !concerns.isEmpty && concerns.allSatisfy(decision.reaches)
    }
}
