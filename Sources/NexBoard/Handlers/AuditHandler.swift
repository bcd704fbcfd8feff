import NexBoardCore
import Store

/// `audit [--user] [--denied] [--limit]`: the audit log, newest first. Admins only (catalog).
struct AuditHandler: CommandHandler {
    let command = "audit"

    func handle(_ context: CommandContext) async throws -> Message {
        // The log names every guest of every cluster: a scoped admin may not read it.
        try context.requireUnscoped(for: "Reading the audit log")
        let limit = min(100, max(1, context.command.integer("limit") ?? 20))
        var subject: String?
        if let user = context.command.text("user") {
            guard let parsed = Subject(user) else {
                throw InvalidRequest(userMessage: "`\(user)` is not a subject; expected \(Subject.expectedForm).")
            }
            subject = parsed.description
        }
        let entries = try await context.services.store.audit.recent(
            limit: limit, subject: subject, result: context.command.flag("denied") ? .denied : nil)
        let now = context.now
        let rows = entries.map { entry -> [String] in
            [Format.ago(entry.time, now: now), entry.subject, entry.platform, entry.arguments, entry.target ?? "",
             entry.result.rawValue + (entry.detail.map { ": " + String($0.prefix(60)) } ?? "")]
        }
        return Message(title: "Audit log", table: Table(headers: ["when", "who", "via", "command", "target", "result"], rows: rows),
                       footer: entries.isEmpty ? "No entry." : "\(entries.count) newest entries", visibility: .requester)
    }
}
