import Alerting
import Logging
import Store

/// The alert destinations the configuration has: each configured webhook (`webhook:<name>`) and
/// email list (`email:<name>`), and any channel of a chat platform that runs (a configured one, or
/// `console:` in the demo).
///
/// At start, the outbox rows of every other destination are deleted (they would retry forever, and
/// their sent rows would draw follow-ups), and so are the subscriptions of chat platforms that are
/// not configured, each logged with its count.
struct ConfiguredDestinations {
    var webhooks: Set<String>
    var emailLists: Set<String>
    var chatPlatforms: Set<String>

    /// - Parameter chatPlatforms: the ids of the chat platforms that run.
    init(config: NexBoardConfig, chatPlatforms: Set<String>) {
        webhooks = Set(config.alerts.webhooks.map(\.name))
        emailLists = Set(config.alerts.email?.lists.map(\.name) ?? [])
        self.chatPlatforms = chatPlatforms
    }

    func contains(_ destination: String) -> Bool {
        let (platform, name) = AlertDestination.split(destination)
        switch platform {
        case "webhook": return webhooks.contains(name)
        case "email": return emailLists.contains(name)
        default: return chatPlatforms.contains(platform)
        }
    }

    /// Deletes the outbox rows of destinations not configured and the subscriptions of chat
    /// platforms not configured (webhook and email subscriptions follow the configuration already).
    func dropOthers(from store: NexBoardStore, logger: Logger) async throws {
        for (destination, pending) in try await store.alerts.outboxDestinations().sorted(by: { $0.key < $1.key })
        where !contains(destination) {
            try await store.alerts.removeDestination(destination)
            logger.notice("Dropped the outbox of a destination that is no longer configured", metadata: [
                "alerting.destination": "\(destination)", "alerting.outbox.dropped_pending": "\(pending)",
            ])
        }
        for subscription in try await store.alerts.subscriptions() where !contains(subscription.destination) {
            _ = try await store.alerts.unsubscribe(destination: subscription.destination)
            logger.notice("Removed the alert subscription of a platform that is not configured", metadata: [
                "alerting.destination": "\(subscription.destination)",
            ])
        }
    }
}
