import Alerting
import Foundation
import NexBoardCore
import Store

/// `alert silence <target|rule|id> <duration> [reason]`.
///
/// With `alerts.manage` for everything, the matcher is stored as typed. With a scoped grant, the
/// matcher must name exactly one target the scope reaches (a guest, or a node the scope names), and
/// is stored in its cluster-precise form, so that it silences that target and nothing else; `*`,
/// rule names, storages and clusters need an unscoped grant.
struct AlertSilenceHandler: CommandHandler {
    let command = "alert silence"

    func handle(_ context: CommandContext) async throws -> Message {
        let center = try context.alertCenter()
        guard let typed = context.command.text("target"), let duration = context.command.duration("duration") else {
            throw InvalidRequest(userMessage: "Say what to silence and for how long, e.g. `alert silence pve2 1h`.")
        }
        guard duration > .zero, duration <= .seconds(30 * 86_400) else {
            throw InvalidRequest(userMessage: "A silence lasts from 1 s to 30 days.")
        }
        await context.notes.set(target: typed)
        let matcher = try await storedMatcher(typed, context: context, center: center)
        let now = context.now
        let silence = try await context.services.store.alerts.addSilence(AlertSilenceRecord(
            matcher: matcher, reason: context.command.text("reason"), createdBy: context.request.subject.description, createdAt: now,
            endsAt: now.addingTimeInterval(duration.timeInterval)))
        return Message(title: "Silenced \(Markup.code(matcher)) for \(DurationParser.format(duration))",
                       text: "Silence \(silence.id). Alerts that fire and clear meanwhile are not announced; `alert unsilence \(silence.id)` ends it.",
                       severity: .success, visibility: context.request.origin == .button ? .requester : .channel)
    }

    /// The matcher to store: as typed for an unscoped grant, else the one in-scope target it names.
    private func storedMatcher(_ typed: String, context: CommandContext, center: AlertCenter) async throws -> String {
        let decision = context.reach()
        if decision == .allowed { return typed }
        let matcher = try await AlertMatcher.load(context, center: center)
        let concerns = matcher.concerns(of: typed)
        let reachable = concerns.filter(decision.reaches)
        if reachable.isEmpty {
            // Only guests are secret; `*`, rules, nodes, storages and clusters are not.
            if concerns.contains(where: { if case .guest = $0 { false } else { true } }) {
                try context.requireUnscoped(for: "Silencing `\(typed)`")
            }
            let message = "There is nothing named `\(typed)` that you may silence. Name a guest by VMID or name, or an alert id from `alert active`."
            if concerns.isEmpty { throw InvalidRequest(userMessage: message) }
            throw HiddenTarget(target: typed, userMessage: message)
        }
        if let alert = matcher.alerts.first(where: { $0.id.lowercased() == typed.lowercased() }) { return alert.id }
        let precise = reachable.compactMap(AlertMatcher.precise).sorted()
        guard precise.count == 1 else {
            throw InvalidRequest(userMessage: "`\(typed)` names more than one target you may silence: "
                                 + precise.map { "`\($0)`" }.joined(separator: ", ") + ". Silence one of them.")
        }
        return precise[0]
    }
}
