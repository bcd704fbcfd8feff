/// A text heatmap: rows (nodes or guests) × columns (metrics, or time buckets over a range), each
/// cell a level glyph, hottest rows first, with a legend. Pure: the same data gives the same text.
///
/// Metric columns show the glyph and the percentage under a header (`cpu   mem   disk`); time
/// columns show one glyph per bucket under an axis (`-24h … now`). Rows that do not fit end in
/// "and N more"; columns that do not fit the width drop the oldest buckets first.
public struct Heatmap: Sendable, Equatable {
    public struct Row: Sendable, Equatable {
        public var label: String
        /// One value per column, as fractions (0.93 is 93%); nil where there is no data.
        public var values: [Double?]

        public init(_ label: String, _ values: [Double?]) {
            self.label = label
            self.values = values
        }

        /// What sorts the row: its highest value (a guest pegged on one metric is hot).
        var heat: Double {
            var hottest = -1.0
            for case let value? in values where value.isFinite && value > hottest { hottest = value }
            return hottest
        }
    }

    public enum Columns: Sendable, Equatable {
        /// Named metrics (`cpu`, `mem`, `disk`): glyph and percentage per cell.
        case metrics([String])
        /// Time buckets, oldest first, between two axis labels (`-24h`, `now`).
        case time(count: Int, start: String, end: String)

        var count: Int {
            switch self {
            case .metrics(let names): names.count
            case .time(let count, _, _): count
            }
        }
    }

    public var columns: Columns
    public var rows: [Row]
    /// Rows left out before rendering (cooler ones not fetched), counted in "and N more".
    public var omitted: Int

    public init(columns: Columns, rows: [Row], omitted: Int = 0) {
        self.columns = columns
        self.rows = rows
        self.omitted = omitted
    }

    /// The heatmap as lines of a monospace block.
    /// - Parameters:
    ///   - width: the columns the block may take (display width: emoji count two).
    ///   - maxRows: rows shown before "and N more".
    public func render(style: ChartStyle, width: Int = 80, maxRows: Int = 25) -> String {
        guard !rows.isEmpty else { return "(no data)" }
        let heats = rows.map(\.heat)
        let order = rows.indices.sorted { heats[$0] != heats[$1] ? heats[$0] > heats[$1] : $0 < $1 }
        let shown = order.prefix(max(1, maxRows)).map { rows[$0] }
        let longest = shown.map { DisplayWidth.of($0.label) }.max() ?? 0

        var lines: [String] = []
        switch columns {
        case .metrics(let names):
            let cellWidth = max(style.glyphWidth + 5, names.map { DisplayWidth.of($0) }.max() ?? 0)
            let cells = names.count * (cellWidth + 1)
            let labelWidth = max(4, min(longest, width - cells))
            lines.append(DisplayWidth.pad("", to: labelWidth) + names.map { " " + DisplayWidth.pad($0, to: cellWidth) }.joined())
            for row in shown {
                let line = DisplayWidth.pad(row.label, to: labelWidth) + names.indices.map { column -> String in
                    let value = column < row.values.count ? row.values[column] : nil
                    let cell = style.glyph(HeatLevel(value)) + " " + DisplayWidth.padLeft(ChartFormat.percent(value), to: 4)
                    return " " + DisplayWidth.pad(cell, to: cellWidth)
                }.joined()
                lines.append(Self.trimmed(line))
            }
            lines[0] = Self.trimmed(lines[0])
        case .time(let count, let start, let end):
            let labelWidth = max(4, min(longest, width / 3))
            let fitting = max(1, (width - labelWidth - 1) / style.glyphWidth)
            let visible = min(count, fitting)
            let first = count - visible
            let axisWidth = visible * style.glyphWidth
            let startLabel = visible < count ? "…" : start
            let gap = max(1, axisWidth - DisplayWidth.of(startLabel) - DisplayWidth.of(end))
            lines.append(DisplayWidth.pad("", to: labelWidth) + " " + startLabel + String(repeating: " ", count: gap) + end)
            for row in shown {
                let cells = (first..<count).map { column in
                    style.glyph(HeatLevel(column < row.values.count ? row.values[column] : nil))
                }.joined()
                lines.append(DisplayWidth.pad(row.label, to: labelWidth) + " " + cells)
            }
        }
        if rows.count + omitted > shown.count {
            lines.append("and \(rows.count + omitted - shown.count) more")
        }
        lines.append(style.legend(width: width))
        return lines.joined(separator: "\n")
    }

    private static func trimmed(_ line: String) -> String {
        var line = line
        while line.last == " " { line.removeLast() }
        return line
    }
}
