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
            return "off for \(DurationParser.humanize(remaining)) more (back at \(Format.clock(back)))"
        case let .other(state):
            return "unknown (\(state))"
        }
    }
}
