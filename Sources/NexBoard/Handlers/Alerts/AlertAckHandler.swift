import NexBoardCore

/// `alert ack <id>`, also the Acknowledge button of an alert. A scoped grant acknowledges only
/// alerts of targets its scope reaches; any other is, to it, an alert that does not exist.
struct AlertAckHandler: CommandHandler {
    let command = "alert ack"

    func handle(_ context: CommandContext) async throws -> Message {
        let center = try context.alertCenter()
        guard let id = context.command.text("id") else {
            throw InvalidRequest(userMessage: "Say which alert, e.g. `alert ack node-memory@homelab:pve2` (see `alert active`).")
        }
        await context.notes.set(target: id)
        let notFound = "There is no active alert `\(id)`. `alert active` lists them."
        let decision = context.reach()
        if decision != .allowed, let alert = try await center.activeAlerts().first(where: { $0.id.lowercased() == id.lowercased() }),
           !decision.reaches(alert.target.concern(cluster: alert.cluster)) {
            throw HiddenTarget(target: alert.id, userMessage: notFound)
        }
        let who = context.request.subject.description
        switch try await center.acknowledge(alertID: id, by: who) {
        case .acknowledged(let label):
            // Private: a pressed button's reply must not replace the alert message everyone sees.
            return Message(title: "Acknowledged: \(label)", text: "Repeats stop; the alert shows that \(who) took it.", severity: .success,
                           visibility: .requester)
        case .alreadyAcknowledged(let by):
            return Message(text: "\(by) already acknowledged this alert.", visibility: .requester)
        case .notFiring:
            throw InvalidRequest(userMessage: "Alert `\(id)` is not firing.")
        case .notFound:
            throw InvalidRequest(userMessage: notFound)
        }
    }
}
