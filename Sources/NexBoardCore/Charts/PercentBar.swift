/// A horizontal bar for a fraction, in eighths of a cell: `█████▍░░░░` is 54%.
public enum PercentBar {
    static let partials: [Character] = ["▏", "▎", "▍", "▌", "▋", "▊", "▉"]

    /// `width` columns; a missing or NaN fraction is a row of `·`.
    public static func render(_ fraction: Double?, width: Int = 10) -> String {
        guard let fraction, fraction.isFinite else { return String(repeating: "·", count: width) }
        let eighths = Int((min(1, max(0, fraction)) * Double(width * 8)).rounded())
        let full = eighths / 8
        let rest = eighths % 8
        var bar = String(repeating: "█", count: full)
        if rest > 0 { bar.append(partials[rest - 1]) }
        return bar + String(repeating: "░", count: width - DisplayWidth.of(bar))
    }
}
