import Foundation
import NexBoardCore
import NexBoardTesting

/// `nexboard-bench monitor`: heatmap rendering (50 nodes × 24 buckets; 10,000 guests, the hottest
/// 50 shown), a graph picture (800×300, 3 series × 1,440 points, drawn and encoded as PNG) and
/// `monitor heatmap guests` end to end on the 10,000-guest simulator.
enum MonitorBenchmark {
    static func run(_ options: NexBoardBench.Options, report: BenchmarkReport) async throws {
        let iterations = options.iterations
        report.note("Monitoring benchmarks, \(iterations) iterations each")
        let nodes = Heatmap(columns: .time(count: 24, start: "-24h", end: "now"), rows: (0..<50).map(Self.node))
        for style in ChartStyle.allCases {
            report.durations("heatmap 50 nodes × 24 buckets, \(style.rawValue)", await measure(iterations) { _ = nodes.render(style: style, width: 80, maxRows: 50) })
        }
        let guests = Heatmap(columns: .metrics(["cpu", "mem", "disk"]), rows: (0..<10_000).map(Self.guest))
        for style in ChartStyle.allCases {
            report.durations("heatmap \(guests.rows.count) guests, top 50, \(style.rawValue)", await measure(iterations) { _ = guests.render(style: style, width: 80, maxRows: 50) })
        }
        let day = (0..<3).map { series in
            Sparkline.Series(["cpu", "mem", "disk"][series], (0..<1_440).map { minute -> Double? in
                minute % 240 == 17 ? nil : (sin(Double(minute + series * 300) / 1_440 * 2 * Double.pi) + 1) / 2 * 0.9
            })
        }
        let picture = GraphImage(title: "Node pve1: cpu, mem, disk", panels: [Sparkline(series: day, unit: .percent, range: "last 1d")])
        let bytes = picture.png().count
        report.durations("graph picture 800×300, 3 series × 1,440 points, drawn and PNG-encoded (\(bytes) bytes)",
                         await measure(iterations) { _ = picture.png() })

        let test = try await TestApplication.make(nodes: options.nodes, guests: options.guests, timeout: .seconds(30))
        let (_, probe) = await test.send("monitor heatmap guests")
        let title = await probe.last?.title ?? ""
        let endToEnd = await measure(iterations) {
            let (outcome, _) = await test.send("monitor heatmap guests")
            precondition(outcome == .ok)
        }
        report.durations("monitor heatmap guests end to end (\(title))", endToEnd)
        await test.shutdown()
    }

    /// A node's day: a daily wave, one hour without data.
    private static func node(_ index: Int) -> Heatmap.Row {
        let values: [Double?] = (0..<24).map { (hour: Int) -> Double? in
            if hour == index % 24 { return nil }
            let angle: Double = Double(hour + index) / 24 * 2 * Double.pi
            return (sin(angle) + 1) / 2
        }
        return Heatmap.Row("pve\(index + 1)", values)
    }

    /// A guest's cpu, mem and disk now.
    private static func guest(_ index: Int) -> Heatmap.Row {
        let cpu: Double = Double(index % 997) / 997
        let memory: Double = Double(index % 89) / 89
        let disk: Double? = index % 3 == 0 ? nil : 0.4
        return Heatmap.Row("\(100 + index) guest-\(index)", [cpu, memory, disk])
    }
}
