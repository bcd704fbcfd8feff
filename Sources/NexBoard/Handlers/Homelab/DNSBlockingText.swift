import Foundation
import Integrations
import NexBoardCore

/// How a DNS filter's blocking state reads in a message: `on`, `off for 4 min more (back at 14:05Z)`.
enum DNSBlockingText {
    static func describe(_ blocking: DNSBlocking, now: Date) -> String {
        switch blocking {
        case .enabled:
            return "on"
        case .disabled(remaining: nil):
            return "off until resumed"
        case let .disabled(remaining?):
            let back = now.addingTimeInterval(remaining.timeInterval)
            return "off for \(DurationParser.humanize(roundedUp(remaining))) more (back at \(Format.clock(back)))"
        case let .other(state):
            return "unknown (\(state))"
        }
    }

    /// A countdown reads rounded up, to the minute from a minute on: a pause of 5 min just begun
    /// (4 min 59.9 s left) has "5 min" more, not 4.
    private static func roundedUp(_ remaining: Duration) -> Duration {
        let seconds = Int64(remaining.timeInterval.rounded(.up))
        return .seconds(seconds < 60 ? seconds : (seconds + 59) / 60 * 60)
    }
}
