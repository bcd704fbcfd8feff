import NexBoardCore

/// `alert test [destination]`: a test notification through the outbox, to check that a channel, an
/// email list or a webhook really receives what alerting sends.
struct AlertTestHandler: CommandHandler {
    let command = "alert test"

    func handle(_ context: CommandContext) async throws -> Message {
        let center = try context.alertCenter()
        try context.requireUnscoped(for: "Sending a test notification")
        let subscribed = try await context.services.store.alerts.subscriptions().map(\.destination)
        let destination = context.command.text("destination") ?? context.alertDestination
        guard destination == context.alertDestination || subscribed.contains(destination) else {
            let close = Suggestions.closest(to: destination, in: subscribed)
            let hint = close.isEmpty ? "`alert list` shows the subscribed destinations." : "Did you mean \(close.map { "`\($0)`" }.joined(separator: " or "))?"
            throw InvalidRequest(userMessage: "`\(destination)` is not a subscribed destination. \(hint)")
        }
        await context.notes.set(target: destination)
        try await center.sendTest(to: destination, requestedBy: context.request.subject.description)
        var text = "It goes through the outbox like any alert; if it does not arrive, `/healthz` shows `alerting:delivery` with the error."
        if !subscribed.contains(destination) {
            text += " This channel is not subscribed: `alert subscribe` makes it receive alerts and events."
        }
        return Message(title: "Test notification on its way to \(destination)", text: text, severity: .success)
    }
}
