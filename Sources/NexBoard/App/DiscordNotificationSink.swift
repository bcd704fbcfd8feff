import Alerting
import ChatDiscord
import NexBoardCore

/// Delivers alert notifications to Discord channels (`discord:<channel id>` subscriptions) through
/// the adapter's channel messages, and edits them when an alert resolves or is acknowledged.
///
/// Remembers the handle of each key it sent, so a retried key does not post twice while the process lives.
actor DiscordNotificationSink: NotificationSink {
    private let adapter: DiscordAdapter
    private var sent: [String: String] = [:]

    init(adapter: DiscordAdapter) {
        self.adapter = adapter
    }

    func send(_ message: Message, to destination: String, key: String) async throws -> String {
        if let handle = sent[key] { return handle }
        let handle = try await adapter.post(channel: destination, message: message).value
        sent[key] = handle
        return handle
    }

    func edit(_ handle: String, _ message: Message, at destination: String) async throws {
        try await adapter.edit(channel: destination, handle: ReplyHandle(handle), message: message)
    }
}
