import Foundation
import NexBoardCore
import Store

/// `alert silence <target|rule|id> <duration> [reason]`.
struct AlertSilenceHandler: CommandHandler {
    let command = "alert silence"

    func handle(_ context: CommandContext) async throws -> Message {
        _ = try context.alertCenter()
        guard let matcher = context.command.text("target"), let duration = context.command.duration("duration") else {
            throw InvalidRequest(userMessage: "Say what to silence and for how long, e.g. `alert silence pve2 1h`.")
        }
        guard duration > .zero, duration <= .seconds(30 * 86_400) else {
            throw InvalidRequest(userMessage: "A silence lasts from 1 s to 30 days.")
        }
        let now = context.now
        let silence = try await context.services.store.alerts.addSilence(AlertSilenceRecord(
            matcher: matcher, reason: context.command.text("reason"), createdBy: context.request.subject.description, createdAt: now,
            endsAt: now.addingTimeInterval(duration.timeInterval)))
        await context.notes.set(target: matcher)
        return Message(title: "Silenced `\(matcher)` for \(DurationParser.format(duration))",
                       text: "Silence \(silence.id). Alerts that fire and clear meanwhile are not announced; `alert unsilence \(silence.id)` ends it.",
                       severity: .success, visibility: context.request.origin == .button ? .requester : .channel)
    }
}
