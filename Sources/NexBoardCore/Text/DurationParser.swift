import Foundation

/// Parses and formats the short durations used in the configuration and in command arguments:
/// `500ms`, `10s`, `5m`, `1h`, `1h30m`, `2d`.
///
/// A duration is one or more `<whole number><unit>` parts with units from largest to smallest, each at
/// most once: `d`, `h`, `m`, `s`, `ms`. There is no bare number form (is `30` seconds or minutes?).
public enum DurationParser {
    private enum Unit: Int, CaseIterable {
        case days, hours, minutes, seconds, milliseconds

        var symbol: String {
            switch self {
            case .days: "d"
            case .hours: "h"
            case .minutes: "m"
            case .seconds: "s"
            case .milliseconds: "ms"
            }
        }

        var milliseconds: Int64 {
            switch self {
            case .days: 86_400_000
            case .hours: 3_600_000
            case .minutes: 60_000
            case .seconds: 1_000
            case .milliseconds: 1
            }
        }
    }

    /// The expected form, for error messages: "a duration like 30s, 5m or 1h".
    public static let expectedForm = "a duration like 30s, 5m or 1h"

    /// Parses `text` (surrounding whitespace is ignored); nil when it is not a duration.
    public static func parse(_ text: String) -> Duration? {
        let characters = Array(text.trimmingCharacters(in: .whitespacesAndNewlines).lowercased())
        guard !characters.isEmpty else { return nil }
        var index = 0
        var total: Int64 = 0
        var previousUnit: Unit?
        while index < characters.count {
            var digits = ""
            while index < characters.count, let digit = characters[index].wholeNumberValue, characters[index].isASCII {
                digits.append(String(digit))
                index += 1
            }
            guard !digits.isEmpty, digits.count <= 12, let amount = Int64(digits) else { return nil }
            var symbol = ""
            while index < characters.count, characters[index].isLetter {
                symbol.append(characters[index])
                index += 1
            }
            guard let unit = Unit.allCases.first(where: { $0.symbol == symbol }) else { return nil }
            if let previousUnit, unit.rawValue <= previousUnit.rawValue { return nil }
            previousUnit = unit
            let (part, overflow) = amount.multipliedReportingOverflow(by: unit.milliseconds)
            guard !overflow else { return nil }
            let (sum, sumOverflow) = total.addingReportingOverflow(part)
            guard !sumOverflow else { return nil }
            total = sum
        }
        return .milliseconds(total)
    }

    /// Formats `duration` in the form `parse` reads, to millisecond precision: `1h30m`, `1s500ms`, `0s`.
    public static func format(_ duration: Duration) -> String {
        let components = duration.components
        var milliseconds = components.seconds.multipliedReportingOverflow(by: 1_000).partialValue
            + components.attoseconds / 1_000_000_000_000_000
        guard milliseconds != 0 else { return "0s" }
        let sign = milliseconds < 0 ? "-" : ""
        milliseconds = milliseconds.magnitude > UInt64(Int64.max) ? Int64.max : abs(milliseconds)
        var text = sign
        for unit in Unit.allCases {
            let amount = milliseconds / unit.milliseconds
            if amount > 0 {
                text += "\(amount)\(unit.symbol)"
                milliseconds -= amount * unit.milliseconds
            }
        }
        return text
    }

    /// A rounded, human form for messages: `5 min`, `2 h 10 min`, `3 d`.
    public static func humanize(_ duration: Duration) -> String {
        let seconds = duration.components.seconds
        switch seconds {
        case ..<60: return "\(seconds) s"
        case ..<3600: return "\(seconds / 60) min"
        case ..<86_400:
            let minutes = (seconds % 3600) / 60
            return minutes == 0 ? "\(seconds / 3600) h" : "\(seconds / 3600) h \(minutes) min"
        default:
            let hours = (seconds % 86_400) / 3600
            return hours == 0 ? "\(seconds / 86_400) d" : "\(seconds / 86_400) d \(hours) h"
        }
    }
}

extension StringProtocol {
    func trimmingWhitespace() -> String {
        var slice = Substring(self)
        while slice.first?.isWhitespace == true { slice.removeFirst() }
        while slice.last?.isWhitespace == true { slice.removeLast() }
        return String(slice)
    }
}
