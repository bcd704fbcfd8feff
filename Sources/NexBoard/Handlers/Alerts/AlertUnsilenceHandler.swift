import NexBoardCore

/// `alert unsilence <id>`. A scoped grant may end only silences of targets its scope reaches.
struct AlertUnsilenceHandler: CommandHandler {
    let command = "alert unsilence"

    func handle(_ context: CommandContext) async throws -> Message {
        guard let id = context.command.integer("id") else {
            throw InvalidRequest(userMessage: "Say which silence, e.g. `alert unsilence 3` (see `alert silences`).")
        }
        await context.notes.set(target: "silence \(id)")
        let store = context.services.store.alerts
        let notInForce = "There is no silence \(id) in force. `alert silences` lists them."
        let decision = context.reach()
        if decision != .allowed {
            guard let silence = try await store.activeSilences(at: context.now).first(where: { $0.id == Int64(id) }) else {
                throw InvalidRequest(userMessage: notInForce)
            }
            let matcher = try await AlertMatcher.load(context, center: try context.alertCenter())
            guard matcher.isWithin(decision, matcher: silence.matcher) else {
                throw HiddenTarget(target: "silence \(id) of `\(silence.matcher)`", userMessage: notInForce)
            }
        }
        guard try await store.endSilence(id: Int64(id), at: context.now) else {
            throw InvalidRequest(userMessage: notInForce)
        }
        return Message(title: "Silence \(id) ended", severity: .success)
    }
}
