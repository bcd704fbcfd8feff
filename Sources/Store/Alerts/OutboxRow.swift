import Foundation

/// One row of the outbox: one notification for one destination.
public struct OutboxRow: Sendable, Hashable {
    public enum State: String, Sendable, Hashable {
        case pending, sent
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
}
