import Foundation
import Integrations
import NexBoardCore
import Proxmox

/// A node's or guest's history over a range, one list of points per metric, oldest first: from
/// Proxmox's RRD, or from Prometheus when it is configured.
struct MonitorHistory: Sendable {
    /// Points Prometheus is asked for over a range (Proxmox's RRD has about 70 too).
    static let points = 70

    var cpu: [Double?] = []
    var mem: [Double?] = []
    var disk: [Double?] = []
    var netIn: [Double?] = []
    var netOut: [Double?] = []
    /// "Proxmox RRD, day timeframe" or "Prometheus".
    var source: String

    init(rrd points: [RRDPoint], range: MonitorRange, now: Date) {
        let points = range.points(points, now: now)
        cpu = points.map(\.cpu)
        mem = points.map(\.memoryFraction)
        disk = points.map(\.diskFraction)
        netIn = points.map(\.netIn)
        netOut = points.map(\.netOut)
        source = "Proxmox RRD, \(range.timeframe.rawValue) timeframe"
    }

    /// Range queries for the metrics asked, `$id` being the exporter's id (`node/pve1`, `qemu/101`).
    init(prometheus: PrometheusSource, id: String, metrics: [MonitorMetric], range: MonitorRange, now: Date) async throws {
        source = "Prometheus"
        let start = now.addingTimeInterval(-range.seconds)
        let step = max(1, range.seconds / Double(Self.points))
        func series(_ template: String) async throws -> [Double?] {
            let result = try await prometheus.client.queryRange(PVEExporterQueries.query(template, id: id), start: start, end: now,
                                                                 step: .milliseconds(Int64(step * 1_000)))
            var values = [Double?](repeating: nil, count: Self.points + 1)
            for sample in result.series.first?.samples ?? [] where sample.value.isFinite {
                let slot = Int((sample.time.timeIntervalSince(start) / step).rounded())
                if values.indices.contains(slot) { values[slot] = sample.value }
            }
            return values
        }
        let queries = prometheus.queries
        if metrics.contains(.cpu) { cpu = try await series(queries.cpu) }
        if metrics.contains(.mem) { mem = try await series(queries.memory) }
        if metrics.contains(.disk) { disk = try await series(queries.disk) }
        if metrics.contains(.net) {
            netIn = try await series(queries.networkIn)
            netOut = try await series(queries.networkOut)
        }
    }

    /// A percentage metric's points (network is drawn on its own, in and out).
    private func percentages(_ metric: MonitorMetric) -> [Double?] {
        switch metric {
        case .cpu: cpu
        case .mem: mem
        case .disk: disk
        case .net: []
        }
    }

    /// Sparklines: the percentages (cpu, mem, disk) on one scale, network in and out on their own.
    func render(metrics: [MonitorMetric], range: MonitorRange, now: Date, width: Int) -> String {
        let description = range.describe(now: now)
        var blocks: [String] = []
        let percentages = metrics.filter { $0 != .net }
        if !percentages.isEmpty {
            let series = percentages.map { Sparkline.Series($0.rawValue, self.percentages($0)) }
            blocks.append(Sparkline(series: series, unit: .percent, range: metrics.contains(.net) ? "" : description).render(width: width))
        }
        if metrics.contains(.net) {
            let series = [Sparkline.Series("in", netIn), Sparkline.Series("out", netOut)]
            blocks.append(Sparkline(series: series, unit: .bytesPerSecond, range: description).render(width: width))
        }
        return blocks.joined(separator: "\n")
    }
}
