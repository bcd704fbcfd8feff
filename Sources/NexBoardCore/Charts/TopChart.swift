/// A top-N table: rank, name, a bar and the value, busiest first, then "and N more".
public struct TopChart: Sendable, Equatable {
    public struct Entry: Sendable, Equatable {
        public var label: String
        /// What the bar shows, as a fraction of the busiest (or of 100% for percentages).
        public var fraction: Double?
        /// What sorts the entries (highest first).
        public var value: Double
        /// The value as read ("93%", "12 MiB/s").
        public var text: String
        /// A short note after the value ("pve2", "of 4 GiB").
        public var detail: String

        public init(_ label: String, fraction: Double?, value: Double, text: String, detail: String = "") {
            self.label = label
            self.fraction = fraction
            self.value = value
            self.text = text
            self.detail = detail
        }
    }

    public var entries: [Entry]

    public init(entries: [Entry]) {
        self.entries = entries
    }

    /// At most `limit` lines plus "and N more", each within `width` columns when it can be.
    public func render(limit: Int, width: Int = 80) -> String {
        guard !entries.isEmpty else { return "(nothing to show)" }
        let order = entries.indices.sorted {
            entries[$0].value != entries[$1].value ? entries[$0].value > entries[$1].value : $0 < $1
        }
        let shown = order.prefix(max(1, limit)).map { entries[$0] }
        let rankWidth = String(shown.count).count
        let textWidth = shown.map { DisplayWidth.of($0.text) }.max() ?? 0
        let barWidth = 10
        let fixed = rankWidth + 2 + 1 + barWidth + 1 + textWidth
        let labelWidth = max(4, min(shown.map { DisplayWidth.of($0.label) }.max() ?? 0, width - fixed - 8))
        var lines = shown.enumerated().map { rank, entry in
            var line = DisplayWidth.padLeft(String(rank + 1), to: rankWidth) + ". " + DisplayWidth.pad(entry.label, to: labelWidth)
                + " " + PercentBar.render(entry.fraction, width: barWidth) + " " + DisplayWidth.padLeft(entry.text, to: textWidth)
            if !entry.detail.isEmpty { line += "  " + entry.detail }
            return DisplayWidth.truncate(line, to: max(width, fixed + labelWidth))
        }
        if entries.count > shown.count { lines.append("and \(entries.count - shown.count) more") }
        return lines.joined(separator: "\n")
    }
}
