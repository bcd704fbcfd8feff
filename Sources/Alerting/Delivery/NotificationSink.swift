import NexBoardCore

/// Where notifications go: a chat platform (console, Discord, Slack, Matrix), later email or webhooks.
///
/// `key` identifies the notification for this destination. A sink that can ask its platform to
/// drop a duplicate (Discord's `nonce` with `enforce_nonce`) passes it on; the delivery service
/// only resends a key when a crash came between the send and the outbox update.
public protocol NotificationSink: Sendable {
    /// Sends a new message to `destination` (the part after `<platform>:`) and returns its handle.
    func send(_ message: Message, to destination: String, key: String) async throws -> String
    /// Replaces an earlier message (a resolved or acknowledged alert).
    func edit(_ handle: String, _ message: Message, at destination: String) async throws
}
