import NexBoardCore

/// `alert silences`: the silences in force; a scoped viewer sees those of targets in their scope.
struct AlertSilencesHandler: CommandHandler {
    let command = "alert silences"

    func handle(_ context: CommandContext) async throws -> Message {
        let now = context.now
        var silences = try await context.services.store.alerts.activeSilences(at: now)
        let decision = context.reach()
        if decision != .allowed, !silences.isEmpty {
            let matcher = try await AlertMatcher.load(context, center: try context.alertCenter())
            silences = silences.filter { matcher.isWithin(decision, matcher: $0.matcher) }
        }
        let rows = silences.map { ["\($0.id)", $0.matcher, Format.ago($0.createdAt, now: now), "in " + AlertDurationText.until($0.endsAt, now: now),
                                   $0.createdBy, $0.reason ?? ""] }
        return Message(title: "Silences", table: Table(headers: ["id", "matches", "since", "ends", "by", "reason"], rows: rows),
                       footer: silences.isEmpty ? "No silence is in force." : nil)
    }
}
