import Alerting
import NexBoardCore

/// `alert list`: the subscribed channels.
struct AlertListHandler: CommandHandler {
    let command = "alert list"

    func handle(_ context: CommandContext) async throws -> Message {
        let subscriptions = try await context.services.store.alerts.subscriptions()
        let rows = subscriptions.map { [$0.destination, AlertSubscription(encoded: $0.filter).summary, $0.createdBy] }
        return Message(title: "Alert subscriptions", table: Table(headers: ["channel", "receives", "by"], rows: rows),
                       footer: subscriptions.isEmpty ? "No channel is subscribed. `alert subscribe` subscribes this one." : nil)
    }
}
