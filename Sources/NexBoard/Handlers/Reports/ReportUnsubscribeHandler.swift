import NexBoardCore

/// `report unsubscribe <id>`: stops one of this channel's reports.
struct ReportUnsubscribeHandler: CommandHandler {
    let command = "report unsubscribe"

    func handle(_ context: CommandContext) async throws -> Message {
        let id = context.command.integer("id") ?? 0
        guard try await context.services.store.reports.remove(id: Int64(id), destination: context.alertDestination) else {
            throw InvalidRequest(userMessage: "This channel has no report \(id). `report list` shows its reports.")
        }
        await context.notes.set(target: context.alertDestination)
        return Message(title: "Report \(id) stopped", severity: .success)
    }
}
