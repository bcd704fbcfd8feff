import NexBoardCore

/// `alert history [--limit]`: the latest notifications and events the requester may see, newest first.
struct AlertHistoryHandler: CommandHandler {
    let command = "alert history"

    func handle(_ context: CommandContext) async throws -> Message {
        let limit = min(100, max(1, context.command.integer("limit") ?? 20))
        let visibility = context.visibility
        // A scoped viewer's lines are a subset: read further back so that a full page is likely.
        let read = visibility.isWhole ? limit : 1_000
        let entries = try await context.services.store.alerts.history(limit: read)
            .filter { visibility.contains($0.concern ?? .cluster($0.cluster)) }.prefix(limit)
        let now = context.now
        let rows = entries.map { [Format.ago($0.time, now: now), $0.cluster, $0.kind, $0.severity, $0.text] }
        return Message(title: "Alert history", table: Table(headers: ["when", "cluster", "kind", "severity", "what"], rows: rows),
                       footer: entries.isEmpty ? "Nothing yet." : nil)
    }
}
