import NexBoardCore

/// `events [--limit]`.
struct EventsHandler: CommandHandler {
    let command = "events"

    func handle(_ context: CommandContext) async throws -> Message {
        let cluster = try context.cluster()
        let limit = min(50, max(1, context.command.integer("limit") ?? 15))
        let events = try await ClusterEvents.recent(cluster: cluster, limit: limit, visibility: context.visibility)
        let now = context.now
        let rows = events.map { [Format.ago($0.time, now: now), $0.node, "\(TextRenderer.marker($0.severity)) \($0.text)"] }
        return Message(title: "Recent events on \(cluster.name)",
                       table: Table(headers: ["when", "node", "event"], rows: rows),
                       footer: events.isEmpty ? "Nothing happened lately." : nil,
                       severity: events.contains { $0.severity == .error } ? .warning : .info)
    }
}
