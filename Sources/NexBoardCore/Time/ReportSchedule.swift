import Foundation

/// When a scheduled report is posted: every hour, day or week, at a time of day in a time zone.
/// Hourly reports use the minute of `at`; weekly ones go out on Mondays.
public struct ReportSchedule: Sendable, Equatable {
    public enum Every: String, Sendable, CaseIterable {
        case hour = "1h", day = "1d", week = "1w"
    }

    /// Why a schedule cannot be made; the message is for the chat user.
    public struct Invalid: Error, Equatable {
        public var message: String
    }

    public var every: Every
    public var hour: Int
    public var minute: Int
    /// An IANA zone such as `Europe/Berlin`.
    public var timeZone: String

    /// - Parameters:
    ///   - at: `HH:MM`; nil: 08:00 (hourly: on the hour).
    ///   - timeZone: an IANA name; nil: UTC.
    public init(every: String, at: String?, timeZone: String?) throws(Invalid) {
        guard let every = Every(rawValue: every) else {
            throw Invalid(message: "Every must be 1h, 1d or 1w, not `\(every)`.")
        }
        self.every = every
        (hour, minute) = every == .hour ? (0, 0) : (8, 0)
        if let at {
            let parts = at.split(separator: ":", omittingEmptySubsequences: false)
            guard parts.count == 2, parts.allSatisfy({ (1...2).contains($0.count) }), let hour = Int(parts[0]), let minute = Int(parts[1]),
                  (0...23).contains(hour), (0...59).contains(minute) else {
                throw Invalid(message: "The time must be HH:MM like 08:00, not `\(at)`.")
            }
            (self.hour, self.minute) = (hour, minute)
        }
        let zone = timeZone ?? "UTC"
        guard TimeZone(identifier: zone) != nil else {
            throw Invalid(message: "Unknown time zone `\(zone)`: use a name like Europe/Berlin or UTC.")
        }
        self.timeZone = zone
    }

    /// `1d 08:00 Europe/Berlin`, as stored.
    public var encoded: String {
        "\(every.rawValue) \(String(format: "%02d:%02d", hour, minute)) \(timeZone)"
    }

    /// Reads `encoded`; nil for anything else.
    public init?(encoded: String) {
        let parts = encoded.split(separator: " ").map(String.init)
        guard parts.count == 3, let schedule = try? ReportSchedule(every: parts[0], at: parts[1], timeZone: parts[2]) else { return nil }
        self = schedule
    }

    /// "every day at 08:00 Europe/Berlin".
    public var summary: String {
        let time = String(format: "%02d:%02d", hour, minute)
        return switch every {
        case .hour: "every hour at :\(String(format: "%02d", minute))"
        case .day: "every day at \(time) \(timeZone)"
        case .week: "every Monday at \(time) \(timeZone)"
        }
    }

    /// The first slot strictly after `date`.
    public func next(after date: Date) -> Date {
        var calendar = Calendar(identifier: .gregorian)
        if let zone = TimeZone(identifier: timeZone) { calendar.timeZone = zone }
        var components = DateComponents(minute: minute, second: 0)
        if every != .hour { components.hour = hour }
        if every == .week { components.weekday = 2 }
        return calendar.nextDate(after: date, matching: components, matchingPolicy: .nextTime) ?? date.addingTimeInterval(3_600)
    }
}
