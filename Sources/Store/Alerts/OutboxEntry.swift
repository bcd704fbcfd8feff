import Foundation

/// A notification to write into the outbox, for one destination or for every destination that
/// received the message it follows up (a resolution edits the firing message wherever it went).
public struct OutboxEntry: Sendable, Hashable {
    public enum Destinations: Sendable, Hashable {
        case these([String])
        /// Every destination with a row of the same `threadKey` already.
        case followingThread
    }

    /// Unique per notification; the outbox keeps one row per (dedupe key, destination).
    public var dedupeKey: String
    public var destinations: Destinations
    /// Groups a firing message with its later edits (acknowledged, resolved).
    public var threadKey: String?
    /// firing, resolved, acknowledged, flapping, event.
    public var kind: String
    public var payload: String

    public init(dedupeKey: String, destinations: Destinations, threadKey: String?, kind: String, payload: String) {
        self.dedupeKey = dedupeKey
        self.destinations = destinations
        self.threadKey = threadKey
        self.kind = kind
        self.payload = payload
    }
}
