import Foundation

/// Persistent alerting state. The poller writes a whole cycle at once (`commit`); the delivery
/// service reads pending outbox rows and marks them; commands manage subscriptions and silences.
public protocol AlertRepository: Sendable {
    /// Writes states, outbox rows (ignoring any (dedupe key, destination) already there), history
    /// and key-values in one transaction. Returns the number of outbox rows inserted.
    @discardableResult
    func commit(_ cycle: AlertCycleWrite) async throws -> Int
    /// The saved alert states of a cluster, or of all clusters.
    func states(cluster: String?) async throws -> [AlertStateRecord]

    /// Pending rows due at `now`, oldest first: at most `perDestination` of each destination, so a
    /// destination with a backlog never hides another's rows. A destination whose oldest pending
    /// row is not due yet (waiting to retry) gives none, which keeps each destination in order.
    func pendingOutbox(now: Date, perDestination: Int) async throws -> [OutboxRow]
    func markSent(_ id: Int64, handle: String, at: Date) async throws
    func markFailed(_ id: Int64, error: String, nextAttemptAt: Date) async throws
    /// Makes a row a dead letter (never retried) and writes `history` (the line saying so) in the
    /// same transaction. `attempted`: whether this was a delivery attempt that counts.
    func markDead(_ id: Int64, reason: String, at: Date, attempted: Bool, history: AlertHistoryEntry) async throws
    /// Dead letters given up at or after `date`, counted by destination.
    func deadLetters(since date: Date) async throws -> [String: Int]
    /// What waits in the outbox per destination: how many rows are pending and when the oldest was
    /// written. Destinations with nothing pending are left out.
    func outboxBacklog() async throws -> [String: OutboxBacklog]
    /// Every destination that has outbox rows, with how many of them are still pending.
    func outboxDestinations() async throws -> [String: Int]
    /// Deletes every outbox row of `destination` (a destination no longer configured: its pending
    /// rows would retry forever, its sent ones would draw follow-ups); returns the pending ones deleted.
    @discardableResult
    func removeDestination(_ destination: String) async throws -> Int
    /// The handle of the first sent row of a thread for a destination (the message to edit).
    func threadHandle(threadKey: String, destination: String) async throws -> String?
    /// Deletes sent rows sent before `date`, dead letters given up before it and history lines older
    /// than it; returns the outbox rows deleted.
    @discardableResult
    func prune(before date: Date) async throws -> Int
    /// All rows, newest last (tests and diagnostics).
    func outboxRows() async throws -> [OutboxRow]

    func subscribe(_ subscription: AlertSubscriptionRecord) async throws
    /// Whether there was a subscription to remove.
    func unsubscribe(destination: String) async throws -> Bool
    func subscriptions() async throws -> [AlertSubscriptionRecord]

    /// Stores a silence and returns it with its id.
    func addSilence(_ silence: AlertSilenceRecord) async throws -> AlertSilenceRecord
    /// Ends a silence now; whether it existed and was active.
    func endSilence(id: Int64, at: Date) async throws -> Bool
    func activeSilences(at: Date) async throws -> [AlertSilenceRecord]

    /// The newest history lines, newest first.
    func history(limit: Int) async throws -> [AlertHistoryEntry]
}

/// What waits in the outbox for one destination.
public struct OutboxBacklog: Sendable, Hashable {
    public var pending: Int
    /// When the oldest pending row was written.
    public var oldest: Date

    public init(pending: Int, oldest: Date) {
        self.pending = pending
        self.oldest = oldest
    }
}
