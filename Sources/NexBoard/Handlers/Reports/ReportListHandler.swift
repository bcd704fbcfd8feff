import NexBoardCore

/// `report list`: this channel's scheduled reports.
struct ReportListHandler: CommandHandler {
    let command = "report list"

    func handle(_ context: CommandContext) async throws -> Message {
        let reports = try await context.services.store.reports.subscriptions(destination: context.alertDestination)
        guard !reports.isEmpty else {
            return Message(title: "Scheduled reports", text: "This channel receives none. `report subscribe heatmap 1d` posts a heatmap every morning.")
        }
        let rows = reports.map { report in
            [String(report.id), report.report, ReportSchedule(encoded: report.schedule)?.summary ?? report.schedule,
             Format.time(report.nextRun), report.subject]
        }
        return Message(title: "Scheduled reports",
                       table: Table(headers: ["#", "runs", "when", "next", "for"], rows: rows, alignments: [.right, .left, .left, .left, .left]))
    }
}
