/// Sparkline graphs (`▁▂▃▄▅▆▇█`): one line per series, all on one scale and one time axis, each
/// with min, avg, max and last; a missing point is a gap. Pure: the same data gives the same text.
public struct Sparkline: Sendable, Equatable {
    public struct Series: Sendable, Equatable {
        public var label: String
        /// Points oldest first, equally spaced over the range; nil or NaN where there is no data.
        public var values: [Double?]

        public init(_ label: String, _ values: [Double?]) {
            self.label = label
            self.values = values
        }
    }

    /// How values read and where the scale's ends are.
    public enum Unit: Sendable, Equatable {
        /// Fractions shown as percentages, scale 0–100%.
        case percent
        /// Bytes per second, scale 0 to the highest value.
        case bytesPerSecond
        /// Plain numbers, scale from the lowest to the highest value.
        case number

        func format(_ value: Double) -> String {
            switch self {
            case .percent: return ChartFormat.percent(value)
            case .bytesPerSecond: return ChartFormat.bytes(value) + "/s"
            case .number: return ChartFormat.number(value)
            }
        }
    }

    static let levels: [Character] = ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]

    public var series: [Series]
    public var unit: Unit
    /// The time range under the graph ("last 6h · 2026-12-01 12:00Z → 18:00Z"); empty for none.
    public var range: String

    public init(series: [Series], unit: Unit, range: String) {
        self.series = series
        self.unit = unit
        self.range = range
    }

    /// The graph as lines of a monospace block no wider than `width` columns where it can be:
    /// more points than fit are averaged into buckets.
    public func render(width: Int = 80) -> String {
        guard let bounds else { return range.isEmpty ? "(no data)" : "(no data in \(range))" }
        let (low, high) = bounds
        let labelWidth = min(series.map { DisplayWidth.of($0.label) }.max() ?? 0, max(4, width / 5))
        let points = series.map(\.values.count).max() ?? 0
        let graphWidth = max(1, min(points, width - labelWidth - 1))
        var lines: [String] = []
        for line in series {
            let buckets = Self.buckets(line.values, count: graphWidth)
            let graph = String(buckets.map { value -> Character in
                guard let value else { return " " }
                guard high > low else { return Self.levels[0] }
                let position = (value - low) / (high - low) * Double(Self.levels.count - 1)
                return Self.levels[min(Self.levels.count - 1, max(0, Int(position.rounded())))]
            })
            let label = labelWidth > 0 ? DisplayWidth.pad(line.label, to: labelWidth) + " " : ""
            lines.append(label + graph)
            let values = line.values.compactMap { $0 }.filter(\.isFinite)
            if let last = values.last, let minimum = values.min(), let maximum = values.max() {
                let average = values.reduce(0, +) / Double(values.count)
                lines.append(String(repeating: " ", count: DisplayWidth.of(label))
                             + "min \(unit.format(minimum))  avg \(unit.format(average))  max \(unit.format(maximum))  last \(unit.format(last))")
            } else {
                lines.append(String(repeating: " ", count: DisplayWidth.of(label)) + "no data")
            }
        }
        if !range.isEmpty { lines.append(range) }
        return lines.joined(separator: "\n")
    }

    /// The ends of the scale every series shares (percentages from 0 to at least 100%, rates from 0);
    /// nil when no value is finite.
    var bounds: (low: Double, high: Double)? {
        let present = series.flatMap { $0.values.compactMap { $0 }.filter(\.isFinite) }
        guard let minimum = present.min(), let maximum = present.max() else { return nil }
        return switch unit {
        case .percent: (0, max(1, maximum))
        case .bytesPerSecond: (0, maximum)
        case .number: (minimum, maximum)
        }
    }

    /// `values` averaged into `count` buckets (a bucket with no value is nil); fewer values than
    /// buckets are returned as they are.
    static func buckets(_ values: [Double?], count: Int) -> [Double?] {
        let clean = values.map { value -> Double? in value.flatMap { $0.isFinite ? $0 : nil } }
        guard clean.count > count, count > 0 else { return clean }
        return (0..<count).map { bucket in
            let start = bucket * clean.count / count
            let end = max(start + 1, (bucket + 1) * clean.count / count)
            let slice = clean[start..<end].compactMap { $0 }
            return slice.isEmpty ? nil : slice.reduce(0, +) / Double(slice.count)
        }
    }
}
