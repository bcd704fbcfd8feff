import Foundation
import NexBoardCore
import Proxmox

/// `monitor heatmap [nodes|guests] [--metric cpu|mem|disk|all] [--range 24h]`: which nodes or
/// guests are hot. All metrics: one column each, now (from `/cluster/resources`). One metric:
/// 24 columns over the range (from Proxmox's RRD), for the nodes or the hottest guests.
///
/// Rows are what the requester may see: a scoped user's heatmap shows their guests (and only
/// nodes their scope names).
struct MonitorHeatmapHandler: CommandHandler {
    let command = "monitor heatmap"
    /// Rows shown; the rest are counted in "and N more".
    static let maximumRows = 25
    /// Columns of a heatmap over time.
    static let buckets = 24
    /// RRD requests in flight at once (over time).
    static let concurrentRequests = 8

    func handle(_ context: CommandContext) async throws -> Message {
        let cluster = try context.cluster()
        let arguments = context.command
        let metricText = arguments.text("metric")
        let metric = metricText.flatMap(MonitorMetric.init(rawValue:))
        if metric == nil, arguments.duration("range") != nil {
            throw InvalidRequest(userMessage: "A range needs one metric: add `--metric cpu`, `mem` or `disk`.")
        }
        let range = try MonitorRange(arguments.duration("range"), fallback: .seconds(86_400))
        let visibility = context.visibility
        let ofGuests = (arguments.text("of") ?? (visibility.isWhole ? "nodes" : "guests")) == "guests"
        let resources = try await cluster.client.clusterResources(type: nil)
        let style = ChartStyle(context.request.capabilities)
        let width = context.request.capabilities.monospaceWidth
        let heatmap: Heatmap
        let subject: String
        if ofGuests {
            let guests = context.visibleGuests(in: resources, cluster: cluster.name)
                .filter { !$0.resource.template && $0.resource.status == "running" }
            subject = "\(guests.count) running guests"
            if let metric {
                heatmap = try await guestsOverTime(guests, metric: metric, range: range, cluster: cluster, now: context.now)
            } else {
                heatmap = Heatmap(columns: .metrics(["cpu", "mem", "disk"]), rows: guests.map { guest in
                    .init("\(guest.vmid) \(guest.name)", Self.values(of: guest.resource, kind: guest.kind))
                })
            }
        } else {
            let nodes = resources.filter { $0.type == .node }
                .filter { visibility.contains(.node(cluster: cluster.name, name: $0.node ?? "")) }
                .sorted { ($0.node ?? "") < ($1.node ?? "") }
            guard !nodes.isEmpty else {
                throw InvalidRequest(userMessage: "Your access covers guests, not whole nodes: try `monitor heatmap guests`.")
            }
            subject = "\(nodes.count) nodes"
            if let metric {
                heatmap = try await nodesOverTime(nodes, metric: metric, range: range, cluster: cluster, now: context.now)
            } else {
                heatmap = Heatmap(columns: .metrics(["cpu", "mem", "disk"]), rows: nodes.map { node in
                    let name = node.node ?? node.id
                    return node.status == "online" ? .init(name, Self.values(of: node, kind: nil)) : .init("\(name) (offline)", [nil, nil, nil])
                })
            }
        }
        let what = metric.map { "\($0.rawValue), \(range.describe(now: context.now))" } ?? "now"
        return Message(
            title: "Heatmap of \(cluster.name): \(subject)",
            code: heatmap.render(style: style, width: width, maxRows: Self.maximumRows),
            buttons: ofGuests
                ? [Button("Top by CPU", command: "monitor top --by cpu"), Button("Top by memory", command: "monitor top --by mem")]
                : [Button("Guests", command: "monitor heatmap guests"), Button("CPU over 24h", command: "monitor heatmap nodes --metric cpu")],
            footer: "\(what) · hottest first")
    }

    /// cpu, mem and disk of a node or guest as fractions; a VM's disk is unknown (Proxmox reports
    /// 0 without the guest agent).
    static func values(of resource: ClusterResource, kind: GuestKind?) -> [Double?] {
        [resource.cpu, Format.ratio(resource.mem, resource.maxmem), kind == .qemu ? nil : Format.ratio(resource.disk, resource.maxdisk)]
    }

    private func nodesOverTime(_ nodes: [ClusterResource], metric: MonitorMetric, range: MonitorRange, cluster: ClusterHandle,
                               now: Date) async throws -> Heatmap {
        let rows = try await nodes.concurrentMap(limit: Self.concurrentRequests) { node -> Heatmap.Row in
            let name = node.node ?? node.id
            guard node.status == "online" else { return .init("\(name) (offline)", [Double?](repeating: nil, count: Self.buckets)) }
            let points = try await cluster.client.nodeRRD(node: name, timeframe: range.timeframe)
            return .init(name, Self.bucketed(points, metric: metric, range: range, now: now))
        }
        return Heatmap(columns: Self.timeColumns(range), rows: rows)
    }

    /// The hottest guests now (by the metric), each drawn over the range.
    private func guestsOverTime(_ guests: [ResolvedGuest], metric: MonitorMetric, range: MonitorRange, cluster: ClusterHandle,
                                now: Date) async throws -> Heatmap {
        let column = MonitorMetric.allCases.firstIndex(of: metric) ?? 0
        let hottest = guests.map { ($0, Self.values(of: $0.resource, kind: $0.kind)[column] ?? -1) }
            .sorted { $0.1 > $1.1 }.prefix(Self.maximumRows).map(\.0)
        let rows = try await hottest.concurrentMap(limit: Self.concurrentRequests) { guest -> Heatmap.Row in
            let points = try await cluster.client.guestRRD(node: guest.node, kind: guest.kind, vmid: guest.vmid, timeframe: range.timeframe)
            return .init("\(guest.vmid) \(guest.name)", Self.bucketed(points, metric: metric, range: range, now: now))
        }
        return Heatmap(columns: Self.timeColumns(range), rows: rows, omitted: guests.count - hottest.count)
    }

    static func timeColumns(_ range: MonitorRange) -> Heatmap.Columns {
        .time(count: buckets, start: "-" + DurationParser.format(.seconds(Int64(range.seconds))), end: "now")
    }

    /// The metric's average in each of `buckets` equal slices of the range (nil where there is no data).
    static func bucketed(_ points: [RRDPoint], metric: MonitorMetric, range: MonitorRange, now: Date) -> [Double?] {
        var sums = [Double](repeating: 0, count: buckets)
        var counts = [Int](repeating: 0, count: buckets)
        let start = now.timeIntervalSince1970 - range.seconds
        for point in range.points(points, now: now) {
            guard let value = metric.fraction(point) else { continue }
            let slot = min(buckets - 1, max(0, Int((point.time.timeIntervalSince1970 - start) / range.seconds * Double(buckets))))
            sums[slot] += value
            counts[slot] += 1
        }
        return (0..<buckets).map { counts[$0] > 0 ? sums[$0] / Double(counts[$0]) : nil }
    }
}
