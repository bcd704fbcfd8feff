import NexBoardCore

/// Where notifications go: a chat platform's channels, email lists or webhooks.
///
/// `key` identifies the notification for this destination. A sink that can ask its platform to
/// drop a duplicate (a nonce the platform enforces) passes it on; the delivery service
/// only resends a key when a crash came between the send and the outbox update.
public protocol NotificationSink: Sendable {
    /// How fast one destination may receive messages: each platform and sink declares its own.
    var pace: DeliveryPace { get }
    /// Sends a new message to `destination` (the part after `<platform>:`) and returns its handle.
    func send(_ message: Message, to destination: String, key: String) async throws -> String
    /// Replaces an earlier message (a resolved or acknowledged alert).
    func edit(_ handle: String, _ message: Message, at destination: String) async throws
}
