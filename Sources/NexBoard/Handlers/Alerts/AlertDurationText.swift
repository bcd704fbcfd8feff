import Alerting
import Foundation

/// "45 s", "5 min", "2 h 10 min" until a date.
enum AlertDurationText {
    static func until(_ date: Date, now: Date) -> String {
        AlertNotification.span(max(0, date.timeIntervalSince(now)))
    }
}
