import Foundation
import Synchronization

/// A wall clock a test moves by hand (confirmation expiry, "5 min ago").
public final class ManualDate: Sendable {
    private let current: Mutex<Date>

    public init(_ start: Date = Date(timeIntervalSince1970: 1_795_000_000)) {
        current = Mutex(start)
    }

    public var now: Date { current.withLock { $0 } }

    public func advance(by seconds: TimeInterval) {
        current.withLock { $0 = $0.addingTimeInterval(seconds) }
    }

    /// A closure for `NexBoardApplication.Options.now`.
    public var provider: @Sendable () -> Date { { self.now } }
}
