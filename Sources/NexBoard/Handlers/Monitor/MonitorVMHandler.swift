import NexBoardCore
import Proxmox

/// `monitor vm <guest> [metric] [range]`: sparklines of a guest's history, from Proxmox's RRD (or
/// Prometheus when configured).
struct MonitorVMHandler: CommandHandler {
    let command = "monitor vm"

    func handle(_ context: CommandContext) async throws -> Message {
        let cluster = try context.cluster()
        let range = try MonitorRange(context.command.duration("range"), fallback: .seconds(3_600))
        let guest = try await context.authorizedGuest(on: cluster)
        let metrics = MonitorMetric.chosen(context.command.text("metric"), all: MonitorMetric.allCases)
        let history = if let prometheus = context.services.prometheus {
            try await MonitorHistory(prometheus: prometheus, id: "\(guest.kind.rawValue)/\(guest.vmid)", metrics: metrics, range: range,
                                     now: context.now)
        } else {
            MonitorHistory(rrd: try await cluster.client.guestRRD(node: guest.node, kind: guest.kind, vmid: guest.vmid, timeframe: range.timeframe),
                           range: range, now: context.now)
        }
        let graphs = history.graphs(metrics: metrics, range: range, now: context.now)
        let stopped = guest.resource.status != "running" ? " It is \(guest.resource.status ?? "not running") now." : ""
        let title = "\(guest.label): \(metrics.map(\.rawValue).joined(separator: ", "))"
        return Message(
            title: title,
            text: stopped.isEmpty ? nil : "Gaps are times it was not running.\(stopped)",
            code: context.text(of: graphs),
            buttons: [Button("Last 24h", command: "monitor vm \(guest.vmid) --range 24h"), Button("Details", command: "vm show \(guest.vmid)")],
            footer: "cluster \(cluster.name) · node \(guest.node) · \(history.source)",
            image: context.picture(of: graphs, title: Markup.plain(title), name: "vm-\(guest.vmid)-\(range.name)"))
    }
}
