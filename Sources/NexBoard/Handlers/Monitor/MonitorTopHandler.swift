import Foundation
import NexBoardCore
import Proxmox

/// `monitor top [--by cpu|mem|disk|net] [--limit N] [--node]`: the busiest running guests the
/// requester may see. CPU, memory and disk come from `/cluster/resources`; network from each
/// guest's last RRD minute, so it is read for at most `networkGuests` guests.
struct MonitorTopHandler: CommandHandler {
    let command = "monitor top"
    static let defaultLimit = 10
    static let maximumLimit = 50
    static let networkGuests = 200
    static let concurrentRequests = 8

    func handle(_ context: CommandContext) async throws -> Message {
        let cluster = try context.cluster()
        let arguments = context.command
        let metric = MonitorMetric(rawValue: arguments.text("by") ?? "cpu") ?? .cpu
        let limit = arguments.integer("limit") ?? Self.defaultLimit
        guard (1...Self.maximumLimit).contains(limit) else {
            throw InvalidRequest(userMessage: "`--limit` must be between 1 and \(Self.maximumLimit).")
        }
        let resources = try await cluster.client.clusterResources(type: .vm)
        var guests = context.visibleGuests(in: resources, cluster: cluster.name)
            .filter { !$0.resource.template && $0.resource.status == "running" }
        var scopeText = ""
        if let node = arguments.text("node") {
            let name = try await NodeResolver.resolve(node, cluster: cluster)
            guests = guests.filter { $0.node == name }
            scopeText = " on \(name)"
        }
        let entries: [TopChart.Entry]
        switch metric {
        case .cpu:
            entries = guests.map { guest in
                let cpu = guest.resource.cpu ?? 0
                return .init("\(guest.vmid) \(guest.name)", fraction: cpu, value: cpu, text: Format.percent(cpu),
                             detail: "\(guest.node) · \(Int(guest.resource.maxcpu ?? 0)) cores")
            }
        case .mem:
            entries = guests.map { guest in
                let fraction = Format.ratio(guest.resource.mem, guest.resource.maxmem)
                return .init("\(guest.vmid) \(guest.name)", fraction: fraction, value: fraction ?? 0, text: Format.percent(fraction),
                             detail: "\(guest.node) · \(Format.bytes(guest.resource.mem)) of \(Format.bytes(guest.resource.maxmem))")
            }
        case .disk:
            entries = guests.filter { $0.kind == .lxc }.map { guest in
                let fraction = Format.ratio(guest.resource.disk, guest.resource.maxdisk)
                return .init("\(guest.vmid) \(guest.name)", fraction: fraction, value: fraction ?? 0, text: Format.percent(fraction),
                             detail: "\(guest.node) · \(Format.bytes(guest.resource.disk)) of \(Format.bytes(guest.resource.maxdisk))")
            }
        case .net:
            guard guests.count <= Self.networkGuests else {
                throw InvalidRequest(userMessage: "Ranking \(guests.count) guests by network reads each one's history: narrow it with `--node` (at most \(Self.networkGuests) guests).")
            }
            entries = try await networkEntries(guests, cluster: cluster)
        }
        let title = "Top \(min(limit, entries.count)) guests by \(metric.rawValue)\(scopeText) on \(cluster.name)"
        guard !entries.isEmpty else {
            return Message(title: title, text: metric == .disk ? "No running container reports its disk use (VMs need the guest agent)." : "No running guest to rank.")
        }
        return Message(
            title: title,
            code: TopChart(entries: entries).render(limit: limit, width: context.request.capabilities.monospaceWidth),
            buttons: [Button("Heatmap", command: "monitor heatmap guests")],
            footer: metric == .disk ? "containers only: VMs report no disk use without the guest agent" : "\(entries.count) running guests ranked")
    }

    /// In plus out, per second, over each guest's last RRD minute.
    private func networkEntries(_ guests: [ResolvedGuest], cluster: ClusterHandle) async throws -> [TopChart.Entry] {
        let rates = try await guests.concurrentMap(limit: Self.concurrentRequests) { guest in
            let points = try await cluster.client.guestRRD(node: guest.node, kind: guest.kind, vmid: guest.vmid, timeframe: .hour)
            let last = points.last { $0.netIn != nil || $0.netOut != nil }
            return (guest, (last?.netIn ?? 0) + (last?.netOut ?? 0))
        }
        let busiest = rates.map(\.1).max() ?? 0
        return rates.sorted { $0.0.vmid < $1.0.vmid }.map { guest, rate in
            .init("\(guest.vmid) \(guest.name)", fraction: busiest > 0 ? rate / busiest : 0, value: rate,
                  text: ChartFormat.bytes(rate) + "/s", detail: guest.node)
        }
    }
}
