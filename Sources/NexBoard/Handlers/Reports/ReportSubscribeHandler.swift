import NexBoardCore
import Store

/// `report subscribe <heatmap|overview|topology|backups> <1h|1d|1w> [--at HH:MM] [--timezone]`: the report
/// runs as the subscriber (their permissions, their scope) and is posted through the alert outbox.
struct ReportSubscribeHandler: CommandHandler {
    let command = "report subscribe"
    /// What each report runs.
    static let lines = [
        "heatmap": "monitor heatmap", "overview": "overview", "topology": "topology", "backups": "backup status",
    ]

    func handle(_ context: CommandContext) async throws -> Message {
        _ = try context.alertCenter()
        let report = context.command.text("report") ?? "heatmap"
        let schedule: ReportSchedule
        do {
            schedule = try ReportSchedule(every: context.command.text("every") ?? "1d", at: context.command.text("at"),
                                          timeZone: context.command.text("timezone"))
        } catch {
            throw InvalidRequest(userMessage: error.message)
        }
        var line = Self.lines[report] ?? "monitor heatmap"
        if let cluster = context.clusterName { line += " --cluster \(cluster)" }
        let stored = try await context.services.store.reports.add(ReportSubscriptionRecord(
            destination: context.alertDestination, report: line, schedule: schedule.encoded,
            subject: context.request.subject.description, createdAt: context.now, nextRun: schedule.next(after: context.now)))
        await context.notes.set(target: context.alertDestination)
        return Message(
            title: "Report \(stored.id): \(report), \(schedule.summary)",
            text: "First one at \(Format.time(stored.nextRun)). It shows what you may see; `report unsubscribe \(stored.id)` stops it.",
            severity: .success)
    }
}
