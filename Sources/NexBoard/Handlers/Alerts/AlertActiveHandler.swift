import Alerting
import Foundation
import NexBoardCore

/// `alert active`: pending, firing, acknowledged and flapping alerts the requester may see.
struct AlertActiveHandler: CommandHandler {
    let command = "alert active"

    func handle(_ context: CommandContext) async throws -> Message {
        let visibility = context.visibility
        let alerts = try await context.alertCenter().activeAlerts().filter { visibility.contains($0.target.concern(cluster: $0.cluster)) }
        let now = context.now
        let rows = alerts.map { alert -> [String] in
            let since = alert.machine.firingSince.map { Format.ago($0, now: now) } ?? ""
            return [alert.id, alert.label, alert.severity.rawValue, alert.machine.label, since, alert.machine.acknowledgedBy ?? ""]
        }
        return Message(title: "Active alerts", table: Table(headers: ["id", "alert", "severity", "state", "firing since", "acknowledged by"], rows: rows),
                       footer: alerts.isEmpty ? "Nothing is firing." : nil,
                       severity: alerts.contains { $0.machine.isFiring } ? .warning : .info)
    }
}
