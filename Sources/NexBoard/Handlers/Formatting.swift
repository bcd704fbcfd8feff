import Foundation
import NexBoardCore

/// Number formats shared by the handlers, as a homelab owner reads them.
enum Format {
    /// 1536 MiB → "1.5 GiB".
    static func bytes(_ value: Int64?) -> String {
        value.map { ChartFormat.bytes(Double($0)) } ?? "–"
    }

    /// 41872 → "41,872".
    static func count(_ value: Int) -> String {
        let digits = String(value.magnitude)
        var grouped = ""
        for (index, digit) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { grouped.append(",") }
            grouped.append(digit)
        }
        return (value < 0 ? "-" : "") + grouped
    }

    /// 0.934 → "93%".
    static func percent(_ fraction: Double?) -> String {
        ChartFormat.percent(fraction)
    }

    static func ratio(_ used: Int64?, _ total: Int64?) -> Double? {
        guard let used, let total, total > 0 else { return nil }
        return Double(used) / Double(total)
    }

    /// "used / total (pct)".
    static func usage(_ used: Int64?, _ total: Int64?) -> String {
        guard let total, total > 0 else { return "–" }
        return "\(bytes(used)) / \(bytes(total)) (\(percent(ratio(used, total))))"
    }

    /// Seconds → "3 d 4 h".
    static func uptime(_ seconds: Int64?) -> String {
        guard let seconds, seconds > 0 else { return "–" }
        if seconds < 3600 { return "\(seconds / 60) min" }
        if seconds < 86_400 { return "\(seconds / 3600) h \((seconds % 3600) / 60) min" }
        return "\(seconds / 86_400) d \((seconds % 86_400) / 3600) h"
    }

    /// "2026-11-25 09:41Z".
    static func time(_ date: Date?) -> String {
        date.map { DateText.minute($0) + "Z" } ?? "–"
    }

    /// "14:05Z": the time of day, for something later today.
    static func clock(_ date: Date) -> String {
        String(time(date).suffix(6))
    }

    /// "4 min ago".
    static func ago(_ date: Date?, now: Date) -> String {
        guard let date else { return "–" }
        let seconds = max(0, Int(now.timeIntervalSince(date)))
        switch seconds {
        case ..<60: return "\(seconds) s ago"
        case ..<3600: return "\(seconds / 60) min ago"
        case ..<86_400: return "\(seconds / 3600) h ago"
        default: return "\(seconds / 86_400) d ago"
        }
    }
}
