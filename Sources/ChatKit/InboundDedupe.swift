import Foundation
import Logging

/// Remembers the inbound events that were handled (Discord interaction ids, Slack envelope ids and
/// retries, Matrix event ids), so that an event delivered twice runs once: a replayed signed
/// request, a redelivered envelope. Every key is remembered for `window` in memory; a durable one
/// also in a `HandledEventLog`, so that a repeat after a restart is recognised too.
public actor InboundDedupe {
    private let window: TimeInterval
    private let log: (any HandledEventLog)?
    private let now: @Sendable () -> Date
    private var expiries: [String: Date] = [:]
    /// Keys in the order they were seen, for forgetting the oldest first.
    private var order: [(key: String, expires: Date)] = []
    private var forgotten = 0

    /// - Parameters:
    ///   - window: how long a key is remembered; longer than any platform redelivers or accepts a
    ///     signed request (Discord: 5 minutes).
    ///   - log: where durable keys are recorded across restarts; nil: memory only.
    public init(window: Duration = .seconds(15 * 60), log: (any HandledEventLog)? = nil,
                now: @escaping @Sendable () -> Date = { Date() }) {
        self.window = Double(window.components.seconds)
        self.log = log
        self.now = now
    }

    /// True the first time `key` is seen within the window; false for a repeat.
    public func isFirst(_ key: String, durable: Bool, logger: Logger) async -> Bool {
        let time = now()
        forgetExpired(at: time)
        guard expiries[key] == nil else { return false }
        let expires = time.addingTimeInterval(window)
        expiries[key] = expires
        order.append((key, expires))
        guard durable, let log else { return true }
        do {
            return try await log.record(key, until: expires, now: time)
        } catch {
            // The store will refuse the action itself if it cannot write its audit intent; here only
            // the protection across a restart is lost.
            logger.warning("Could not record a handled event; a repeat after a restart would run again",
                           metadata: ["event": "\(key)", "error": "\(error)"])
            return true
        }
    }

    private func forgetExpired(at time: Date) {
        while forgotten < order.count, order[forgotten].expires <= time {
            if expiries[order[forgotten].key] == order[forgotten].expires { expiries[order[forgotten].key] = nil }
            forgotten += 1
        }
        if forgotten > 1_024, forgotten * 2 > order.count {
            order.removeFirst(forgotten)
            forgotten = 0
        }
    }
}

/// Where handled events are recorded across restarts (NexBoard: a table in its SQLite store).
public protocol HandledEventLog: Sendable {
    /// Records `key` until `expires`; false when it is already recorded and not expired at `now`.
    func record(_ key: String, until expires: Date, now: Date) async throws -> Bool
}
