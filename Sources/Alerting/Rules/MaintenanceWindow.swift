import Foundation

/// A weekly maintenance window: while it is open, matching alerts are silenced as by `alert silence`.
///
/// Written `"<days> HH:MM-HH:MM"`: days are `daily`, a list (`sat,sun`) or a range (`mon-fri`);
/// a range of hours may cross midnight (`sat 23:00-01:00` ends on Sunday at 01:00).
public struct MaintenanceWindow: Sendable, Hashable {
    public var name: String
    /// Weekdays as `Calendar` numbers (1 = Sunday ... 7 = Saturday) on which the window opens.
    public var days: Set<Int>
    /// Minutes after midnight.
    public var start: Int
    public var end: Int
    /// What it silences (rule names, targets, alert ids); empty: every alert.
    public var matchers: [String]
    public var timeZone: TimeZone

    static let dayNames = ["sun": 1, "mon": 2, "tue": 3, "wed": 4, "thu": 5, "fri": 6, "sat": 7]
    public static let expectedForm = "a weekly range like \"sun 02:00-04:00\", \"mon-fri 22:00-06:00\" or \"daily 03:00-03:30\""

    public init(name: String, days: Set<Int>, start: Int, end: Int, matchers: [String] = [], timeZone: TimeZone = TimeZone(identifier: "UTC")!) {
        self.name = name
        self.days = days
        self.start = start
        self.end = end
        self.matchers = matchers
        self.timeZone = timeZone
    }

    /// Parses `"<days> HH:MM-HH:MM"`; nil when the text is not one.
    public init?(name: String, weekly text: String, matchers: [String] = [], timeZone: TimeZone = TimeZone(identifier: "UTC")!) {
        let parts = text.lowercased().split(separator: " ", omittingEmptySubsequences: true)
        guard parts.count == 2, let days = Self.parseDays(String(parts[0])) else { return nil }
        let hours = parts[1].split(separator: "-")
        guard hours.count == 2, let start = Self.parseClock(String(hours[0])), let end = Self.parseClock(String(hours[1])), start != end else {
            return nil
        }
        self.init(name: name, days: days, start: start, end: end, matchers: matchers, timeZone: timeZone)
    }

    /// Whether the window is open at `date`.
    public func isOpen(at date: Date) -> Bool {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let parts = calendar.dateComponents([.weekday, .hour, .minute], from: date)
        guard let weekday = parts.weekday, let hour = parts.hour, let minute = parts.minute else { return false }
        let now = hour * 60 + minute
        if start < end { return days.contains(weekday) && now >= start && now < end }
        // Crosses midnight: the evening part on a listed day, the morning part on the day after one.
        let yesterday = weekday == 1 ? 7 : weekday - 1
        return (days.contains(weekday) && now >= start) || (days.contains(yesterday) && now < end)
    }

    /// The silence matchers while open (`*` for every alert).
    public var silenceMatchers: [String] { matchers.isEmpty ? ["*"] : matchers }

    static func parseDays(_ text: String) -> Set<Int>? {
        if text == "daily" || text == "*" { return Set(1...7) }
        var days: Set<Int> = []
        for item in text.split(separator: ",") {
            let range = item.split(separator: "-")
            if range.count == 2 {
                guard let first = dayNames[String(range[0])], let last = dayNames[String(range[1])] else { return nil }
                var day = first
                while true {
                    days.insert(day)
                    if day == last { break }
                    day = day == 7 ? 1 : day + 1
                }
            } else {
                guard let day = dayNames[String(item)] else { return nil }
                days.insert(day)
            }
        }
        return days.isEmpty ? nil : days
    }

    static func parseClock(_ text: String) -> Int? {
        let parts = text.split(separator: ":")
        guard parts.count == 2, let hour = Int(parts[0]), let minute = Int(parts[1]), (0...24).contains(hour), (0..<60).contains(minute),
              hour * 60 + minute <= 24 * 60 else { return nil }
        return hour * 60 + minute
    }
}
