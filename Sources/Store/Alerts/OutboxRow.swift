import Foundation

/// One row of the outbox: one notification for one destination.
public struct OutboxRow: Sendable, Hashable {
    public enum State: String, Sendable, Hashable {
        case pending, sent
        /// Given up: refused for good, or too old. Shown in the alert history, never retried.
        case dead
    }

    public var id: Int64
    public var dedupeKey: String
    public var destination: String
    public var threadKey: String?
    public var kind: String
    public var payload: String
    public var state: State
    public var attempts: Int
    public var nextAttemptAt: Date
    /// The platform's message handle once sent (for edits).
    public var handle: String?
    public var lastError: String?
    public var createdAt: Date
    public var sentAt: Date?
    /// When the row became a dead letter.
    public var deadAt: Date?
}
