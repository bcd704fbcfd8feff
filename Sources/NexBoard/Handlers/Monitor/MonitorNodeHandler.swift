import NexBoardCore
import Proxmox

/// `monitor node <node> [metric] [range]`: sparklines of a node's history, from Proxmox's RRD (or
/// Prometheus when configured).
/// Someone whose scope does not name the node (or cover its cluster) may not see its graph.
struct MonitorNodeHandler: CommandHandler {
    let command = "monitor node"

    func handle(_ context: CommandContext) async throws -> Message {
        let cluster = try context.cluster()
        let range = try MonitorRange(context.command.duration("range"), fallback: .seconds(3_600))
        let name = try await NodeResolver.resolve(context.command.text("name") ?? "", cluster: cluster)
        guard context.visibility.contains(.node(cluster: cluster.name, name: name)) else {
            throw AccessDenied(reason: "Your access does not cover node \(name) as a whole; `monitor vm` draws your guests.")
        }
        let metrics = MonitorMetric.chosen(context.command.text("metric"), all: MonitorMetric.allCases)
        let history = if let prometheus = context.services.prometheus {
            try await MonitorHistory(prometheus: prometheus, id: "node/\(name)", metrics: metrics, range: range, now: context.now)
        } else {
            MonitorHistory(rrd: try await cluster.client.nodeRRD(node: name, timeframe: range.timeframe), range: range, now: context.now)
        }
        let graphs = history.graphs(metrics: metrics, range: range, now: context.now)
        let title = "Node \(name): \(metrics.map(\.rawValue).joined(separator: ", "))"
        return Message(
            title: title,
            code: context.text(of: graphs),
            buttons: [Button("Last 24h", command: "monitor node \(name) --range 24h"), Button("Node details", command: "node \(name)")],
            footer: "cluster \(cluster.name) · \(history.source)",
            image: context.picture(of: graphs, title: title, name: "node-\(name)-\(range.name)"))
    }
}
