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

    /// The graphs: the percentages (cpu, mem, disk) on one scale, network in and out on their own.
    func graphs(metrics: [MonitorMetric], range: MonitorRange, now: Date) -> [Sparkline] {
        let description = range.describe(now: now)
        var graphs: [Sparkline] = []
        let percentages = metrics.filter { $0 != .net }
        if !percentages.isEmpty {
            let series = percentages.map { Sparkline.Series($0.rawValue, self.percentages($0)) }
            graphs.append(Sparkline(series: series, unit: .percent, range: metrics.contains(.net) ? "" : description))
        }
        if metrics.contains(.net) {
            let series = [Sparkline.Series("in", netIn), Sparkline.Series("out", netOut)]
            graphs.append(Sparkline(series: series, unit: .bytesPerSecond, range: description))
        }
        return graphs
    }
}

extension CommandContext {
    /// `graphs` as text in a monospace block as wide as the platform shows.
    func text(of graphs: [Sparkline]) -> String {
        graphs.map { $0.render(width: request.capabilities.monospaceWidth) }.joined(separator: "\n")
    }

    /// `graphs` as a PNG picture named `name`.png, when `monitor.images` is on and the platform takes
    /// files; nil otherwise (the text graph is the reply's graph then).
    func picture(of graphs: [Sparkline], title: String, name: String) -> Message.Image? {
        guard services.graphImages, request.capabilities.attachments, !graphs.isEmpty else { return nil }
        let image = GraphImage(title: title, panels: graphs)
        return Message.Image(filename: Self.filename(name), bytes: image.png(), altText: image.altText)
    }

    /// `node-pve2-1h.png`: letters, digits and dashes only.
    static func filename(_ name: String) -> String {
        var slug = String(name.lowercased().map { $0.isASCII && ($0.isLetter || $0.isNumber) ? $0 : "-" })
        while slug.contains("--") { slug = slug.replacingOccurrences(of: "--", with: "-") }
        slug = slug.trimmingCharacters(in: CharacterSet(charactersIn: "-"))
        return (slug.isEmpty ? "graph" : String(slug.prefix(60))) + ".png"
    }
}
