import Alerting
import NexBoardCore

/// `alert rules`: the rules in force.
struct AlertRulesHandler: CommandHandler {
    let command = "alert rules"

    func handle(_ context: CommandContext) async throws -> Message {
        let engine = await (try context.alertCenter()).engine
        let rows = engine.rules.map { rule -> [String] in
            let when = rule.metric.isThreshold
                ? "≥ \(Self.percent(rule.threshold))" + (rule.clear.map { ", clears ≤ \(Self.percent($0))" } ?? "")
                : rule.metric == .backupMissing ? "no backup for \(rule.days ?? 1) d"
                : rule.metric == .certificateExpiry ? (rule.days == 0 ? "expired" : "expires within \(rule.days ?? 14) d") : "condition"
            var parts: [String] = []
            if !rule.scope.nodes.isEmpty { parts.append("nodes " + rule.scope.nodes.joined(separator: ",")) }
            if !rule.scope.tags.isEmpty { parts.append("tags " + rule.scope.tags.joined(separator: ",")) }
            if !rule.scope.pools.isEmpty { parts.append("pools " + rule.scope.pools.joined(separator: ",")) }
            if !rule.scope.guests.isEmpty { parts.append("guests " + rule.scope.guests.map(String.init).joined(separator: ",")) }
            let scope = parts.joined(separator: "; ")
            return [rule.name, rule.metric.rawValue, when, rule.forDuration == .zero ? "-" : DurationParser.format(rule.forDuration),
                    rule.severity.rawValue, scope.isEmpty ? "all" : scope]
        }
        return Message(title: "Alert rules", table: Table(headers: ["rule", "metric", "fires", "for", "severity", "scope"], rows: rows),
                       footer: "Guests tagged `\(engine.muteTag)` in Proxmox raise no alerts.")
    }

    static func percent(_ value: Double?) -> String {
        guard let value else { return "?" }
        return value == value.rounded() ? "\(Int(value))%" : "\(value)%"
    }
}
