import Foundation

/// How charts draw levels: shade blocks in a monospace block everywhere, coloured squares where a
/// platform renders emoji (`ChatCapabilities.emoji`).
public enum ChartStyle: String, Sendable, Equatable, CaseIterable {
    /// `░▒▓█`, one column each.
    case shades
    /// `🟩🟨🟧🟥`, two columns each.
    case squares

    /// Squares where the platform renders emoji, shades elsewhere.
    public init(_ capabilities: ChatCapabilities) {
        self = capabilities.emoji ? .squares : .shades
    }

    /// The glyph of a level, or of a missing value.
    public func glyph(_ level: HeatLevel?) -> String {
        switch (self, level) {
        case (.shades, nil): "·"
        case (.shades, .low): "░"
        case (.shades, .moderate): "▒"
        case (.shades, .high): "▓"
        case (.shades, .critical): "█"
        case (.squares, nil): "⬛"
        case (.squares, .low): "🟩"
        case (.squares, .moderate): "🟨"
        case (.squares, .high): "🟧"
        case (.squares, .critical): "🟥"
        }
    }

    /// Columns one glyph takes.
    public var glyphWidth: Int { self == .shades ? 1 : 2 }

    /// "░ <50%  ▒ 50–75%  ▓ 75–90%  █ ≥90%  · no data", on as many lines as `width` needs.
    public func legend(width: Int = .max) -> String {
        let entries = HeatLevel.allCases.map { "\(glyph($0)) \($0.range)" } + ["\(glyph(nil)) no data"]
        var lines: [String] = []
        for entry in entries {
            if let last = lines.last, DisplayWidth.of(last) + 2 + DisplayWidth.of(entry) <= width {
                lines[lines.count - 1] = last + "  " + entry
            } else {
                lines.append(entry)
            }
        }
        return lines.joined(separator: "\n")
    }
}

/// A usage level, from a fraction (0.93 is 93%).
public enum HeatLevel: Int, Sendable, Equatable, Comparable, CaseIterable {
    case low, moderate, high, critical

    /// The level of `fraction`; nil for a missing or non-finite value.
    public init?(_ fraction: Double?) {
        guard let fraction, fraction.isFinite else { return nil }
        switch fraction {
        case ..<0.5: self = .low
        case ..<0.75: self = .moderate
        case ..<0.9: self = .high
        default: self = .critical
        }
    }

    /// The range in the legend.
    public var range: String {
        switch self {
        case .low: "<50%"
        case .moderate: "50–75%"
        case .high: "75–90%"
        case .critical: "≥90%"
        }
    }

    public static func < (lhs: HeatLevel, rhs: HeatLevel) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// Chart numbers as a homelab owner reads them.
public enum ChartFormat {
    /// 1536 × 1024² → "1.5 GiB"; under 1 KiB in whole bytes.
    public static func bytes(_ value: Double) -> String {
        guard value.isFinite else { return "–" }
        let units = ["B", "KiB", "MiB", "GiB", "TiB", "PiB"]
        var size = value
        var unit = 0
        while abs(size) >= 1024, unit < units.count - 1 {
            size /= 1024
            unit += 1
        }
        return unit == 0 ? "\(Int(value)) B" : String(format: abs(size) < 10 ? "%.1f %@" : "%.0f %@", size, units[unit])
    }

    /// 3 significant figures at most: 0.42, 12.3, 1234.
    public static func number(_ value: Double) -> String {
        guard value.isFinite else { return "–" }
        if value == value.rounded(), abs(value) < 1e15 { return String(Int(value)) }
        return String(format: abs(value) < 10 ? "%.2f" : abs(value) < 100 ? "%.1f" : "%.0f", value)
    }

    /// 0.934 → "93%"; nil or NaN → "–".
    public static func percent(_ fraction: Double?) -> String {
        guard let fraction, fraction.isFinite else { return "–" }
        return "\(Int((fraction * 100).rounded()))%"
    }
}
