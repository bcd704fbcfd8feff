import NexBoardCore

/// `alert unsilence <id>`.
struct AlertUnsilenceHandler: CommandHandler {
    let command = "alert unsilence"

    func handle(_ context: CommandContext) async throws -> Message {
        guard let id = context.command.integer("id") else {
            throw InvalidRequest(userMessage: "Say which silence, e.g. `alert unsilence 3` (see `alert silences`).")
        }
        await context.notes.set(target: "silence \(id)")
        guard try await context.services.store.alerts.endSilence(id: Int64(id), at: context.now) else {
            throw InvalidRequest(userMessage: "There is no silence \(id) in force. `alert silences` lists them.")
        }
        return Message(title: "Silence \(id) ended", severity: .success)
    }
}
