import Foundation
import NexBoardCore
import NexBoardTesting
import Testing

/// Golden files: Tests/NexBoardCoreTests/Golden/<name>.txt. Run with `NEXBOARD_UPDATE_GOLDEN=1` to rewrite them.
@Suite("Chart renderers")
struct ChartGoldenTests {
    private func expectGolden(_ name: String, _ actual: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let text = actual + "\n"
        let expected = try GoldenFile.expected("\(name).txt", for: text, in: .module)
        #expect(text == expected, "rendering differs from Golden/\(name).txt", sourceLocation: sourceLocation)
    }

    /// Every line of `text` fits in `width` display columns.
    private func expectFits(_ text: String, width: Int, sourceLocation: SourceLocation = #_sourceLocation) {
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            #expect(DisplayWidth.of(line) <= width, "too wide: \(line)", sourceLocation: sourceLocation)
        }
    }

    static let nodes = Heatmap(columns: .metrics(["cpu", "mem", "disk"]), rows: [
        .init("pve1", [0.12, 0.48, 0.31]),
        .init("pve2", [0.91, 0.77, 0.30]),
        .init("pve3", [nil, nil, nil]),
        .init("pve4", [0.55, .nan, 0.62]),
    ])

    static func hourly(_ label: String, seed: Int, gap: Range<Int>? = nil) -> Heatmap.Row {
        let values: [Double?] = (0..<24).map { (hour: Int) -> Double? in
            if let gap, gap.contains(hour) { return nil }
            let angle: Double = Double(hour + seed) / 24 * 2 * Double.pi
            return (sin(angle) + 1) / 2 * 0.95
        }
        return Heatmap.Row(label, values)
    }

    @Test("A node heatmap by metric sorts the hottest first, in both styles")
    func metricHeatmap() throws {
        for style in ChartStyle.allCases {
            let text = Self.nodes.render(style: style, width: 60)
            try expectGolden("heatmap-nodes-\(style.rawValue)", text)
            expectFits(text, width: 60)
        }
    }

    @Test("A heatmap over time drops the oldest buckets that do not fit the width")
    func timeHeatmapWidths() throws {
        let map = Heatmap(columns: .time(count: 24, start: "-24h", end: "now"), rows: [
            Self.hourly("pve1", seed: 0), Self.hourly("pve2", seed: 6, gap: 3..<7), Self.hourly("pve3", seed: 12),
        ])
        for style in ChartStyle.allCases {
            for width in [80, 40, 24] {
                let text = map.render(style: style, width: width)
                try expectGolden("heatmap-time-\(style.rawValue)-\(width)", text)
                expectFits(text, width: width)
            }
        }
    }

    @Test("A heatmap of 120 guests shows the hottest 25 and says how many more")
    func manyRows() throws {
        let rows = (0..<120).map { (index: Int) -> Heatmap.Row in
            let cpu: Double = Double(index % 97) / 100
            let memory: Double = Double(index % 13) / 13
            return Heatmap.Row("guest-\(index)", [cpu, memory])
        }
        let text = Heatmap(columns: .metrics(["cpu", "mem"]), rows: rows).render(style: .shades, width: 60, maxRows: 25)
        try expectGolden("heatmap-many-rows", text)
        #expect(text.contains("and 95 more"))
    }

    @Test("Names with emoji and CJK are aligned by display width")
    func wideNames() throws {
        let map = Heatmap(columns: .metrics(["cpu", "mem"]), rows: [
            .init("🎮 games", [0.95, 0.40]), .init("数据库", [0.60, 0.80]), .init("web01", [0.10, 0.20]),
            .init("a-very-long-guest-name-that-does-not-fit", [0.3, 0.3]),
        ])
        for style in ChartStyle.allCases {
            let text = map.render(style: style, width: 30)
            try expectGolden("heatmap-wide-names-\(style.rawValue)", text)
            expectFits(text, width: 30)
        }
    }

    @Test("An empty heatmap and one with a single point still render")
    func emptyAndSingle() throws {
        #expect(Heatmap(columns: .metrics(["cpu"]), rows: []).render(style: .shades) == "(no data)")
        let single = Heatmap(columns: .time(count: 1, start: "-1h", end: "now"), rows: [.init("pve1", [0.8])])
        try expectGolden("heatmap-single-squares", single.render(style: .squares))
    }

    @Test("A sparkline shows min, avg, max and last, with gaps for missing points and NaN")
    func sparklines() throws {
        let cpu: [Double?] = (0..<36).map { (point: Int) -> Double? in
            if (10..<14).contains(point) { return nil }
            if point == 20 { return Double.nan }
            let wave: Double = (sin(Double(point) / 6) + 1) / 2
            return 0.2 + 0.6 * wave
        }
        let mem: [Double?] = (0..<36).map { (point: Int) -> Double? in 0.55 + Double(point) * 0.005 }
        let graph = Sparkline(series: [.init("cpu", cpu), .init("mem", mem)], unit: .percent, range: "last 6 h · 12:00Z → 18:00Z")
        try expectGolden("sparkline-two-series", graph.render(width: 80))
        let narrow = graph.render(width: 20)
        try expectGolden("sparkline-narrow", narrow)
        expectFits(narrow.components(separatedBy: "\n").filter { !$0.contains("min") && !$0.contains("last 6") }.joined(separator: "\n"), width: 20)
    }

    @Test("A sparkline of one point, of nothing, and of bytes per second")
    func sparklineEdges() throws {
        #expect(Sparkline(series: [.init("cpu", [nil, nil])], unit: .percent, range: "last 1 h").render() == "(no data in last 1 h)")
        try expectGolden("sparkline-one-point", Sparkline(series: [.init("cpu", [0.42])], unit: .percent, range: "last 1 h").render())
        let net = Sparkline(series: [.init("in", [1_000, 250_000, 3_500_000, nil, 800_000]), .init("out", [500, 20_000, 90_000, nil, 1_000])],
                            unit: .bytesPerSecond, range: "last 1 h")
        try expectGolden("sparkline-bytes", net.render())
    }

    @Test("A top list ranks the busiest with bars, cut to the limit")
    func top() throws {
        let entries = (0..<30).map { (index: Int) -> TopChart.Entry in
            let busy: Double = Double(index * 7 % 30)
            let fraction: Double = busy / 30
            let label: String = index == 3 ? "🎮 games" : "guest-\(100 + index)"
            return TopChart.Entry(label, fraction: fraction, value: busy, text: ChartFormat.percent(fraction), detail: "pve\(index % 3 + 1)")
        }
        let text = TopChart(entries: entries).render(limit: 10, width: 60)
        try expectGolden("top-10", text)
        expectFits(text, width: 60)
        #expect(TopChart(entries: []).render(limit: 5) == "(nothing to show)")
    }

    @Test("A percentage bar draws eighths and a row of dots for no data")
    func bars() {
        #expect(PercentBar.render(0.54) == "█████▍░░░░")
        #expect(PercentBar.render(0) == "░░░░░░░░░░")
        #expect(PercentBar.render(1.7) == "██████████")
        #expect(PercentBar.render(.nan, width: 4) == "····")
        #expect(PercentBar.render(nil, width: 3) == "···")
    }

    @Test("A topology tree draws branches and cuts long lines and long trees")
    func tree() throws {
        let tree = TreeChart(root: .init("homelab (3 nodes)", [
            .init("pve1  10.0.0.11", [
                .init("vmbr0  bridge  10.0.0.11/24  LAN", [
                    .init("101 web01  net0  fw  10.0.0.101"), .init("102 数据库  net0  tag 20"),
                ]),
                .init("vmbr0.20  vlan 20  DMZ"),
            ]),
            .init("pve2  10.0.0.12", [.init("bond0  bond  eno1 eno2  active-backup")]),
        ]))
        try expectGolden("topology-tree", tree.render(width: 80))
        let narrow = tree.render(width: 24, maxLines: 6)
        try expectGolden("topology-tree-narrow", narrow)
        expectFits(narrow, width: 24)
    }

    @Test("Display width counts emoji and CJK as two columns and marks as none")
    func displayWidth() {
        #expect(DisplayWidth.of("web01") == 5)
        #expect(DisplayWidth.of("🎮 games") == 8)
        #expect(DisplayWidth.of("数据库") == 6)
        #expect(DisplayWidth.of("e\u{301}") == 1)
        #expect(DisplayWidth.of("❤️") == 2)
        #expect(DisplayWidth.truncate("数据库服务器", to: 7) == "数据库…")
        #expect(DisplayWidth.pad("🟥", to: 3) == "🟥 ")
    }

    @Test("The style follows the platform's emoji capability")
    func styleFromCapabilities() {
        var capabilities = ChatCapabilities.unlimited
        #expect(ChartStyle(capabilities) == .shades)
        capabilities.emoji = true
        #expect(ChartStyle(capabilities) == .squares)
    }
}
