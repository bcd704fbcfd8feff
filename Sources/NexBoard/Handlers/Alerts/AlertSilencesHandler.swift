import NexBoardCore

/// `alert silences`: the silences in force.
struct AlertSilencesHandler: CommandHandler {
    let command = "alert silences"

    func handle(_ context: CommandContext) async throws -> Message {
        let now = context.now
        let silences = try await context.services.store.alerts.activeSilences(at: now)
        let rows = silences.map { ["\($0.id)", $0.matcher, Format.ago($0.createdAt, now: now), "in " + AlertDurationText.until($0.endsAt, now: now),
                                   $0.createdBy, $0.reason ?? ""] }
        return Message(title: "Silences", table: Table(headers: ["id", "matches", "since", "ends", "by", "reason"], rows: rows),
                       footer: silences.isEmpty ? "No silence is in force." : nil)
    }
}
