import NexBoardCore

/// `alert unsubscribe`.
struct AlertUnsubscribeHandler: CommandHandler {
    let command = "alert unsubscribe"

    func handle(_ context: CommandContext) async throws -> Message {
        await context.notes.set(target: context.alertDestination)
        try context.requireUnscoped(for: "Unsubscribing a channel from alerts")
        let removed = try await context.services.store.alerts.unsubscribe(destination: context.alertDestination)
        return removed
            ? Message(title: "This channel no longer receives alerts", severity: .success)
            : Message(text: "This channel was not subscribed.")
    }
}
