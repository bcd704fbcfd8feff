import Foundation
import Integrations
import NexBoardCore

/// `apps`: each configured homelab app as up or down, with latency and certificate expiry, from
/// the latest check of its schedule (checked now when it has none yet).
struct AppsHandler: CommandHandler {
    let command = "apps"

    func handle(_ context: CommandContext) async throws -> Message {
        guard let homelab = context.services.homelab, let board = homelab.apps else {
            throw InvalidRequest(userMessage: "No app is configured: add integrations.apps to the configuration.")
        }
        let now = context.now
        var rows: [[String]] = []
        var down: [String] = []
        var expiring: [String] = []
        for (app, latest, at) in await board.latest() {
            let result: AppCheckResult
            if let latest {
                result = latest
            } else {
                result = await homelab.appChecker.check(app, logger: context.logger)
                await board.record(result, at: now)
            }
            if !result.isUp { down.append(app.name) }
            let days = result.certificateExpiry.map { Int(($0.timeIntervalSince(now) / 86_400).rounded(.down)) }
            if let days, days < ProxyCertificateText.warningDays { expiring.append(app.name) }
            rows.append([
                app.name, result.isUp ? "up" : "down" + (result.problem.map { ": \($0)" } ?? ""),
                result.latency.map { "\($0.wholeMilliseconds) ms" } ?? "–",
                days.map { $0 < 0 ? "expired" : "\($0) days" } ?? (app.url.hasPrefix("https") ? "unknown" : "no TLS"),
                at.map { Format.ago($0, now: now) } ?? "now",
            ])
        }
        var footer = down.isEmpty ? "All \(rows.count) apps up" : "Down: " + down.joined(separator: ", ")
        if !expiring.isEmpty { footer += " · certificate expiring: " + expiring.joined(separator: ", ") }
        return Message(
            title: "\(rows.count - down.count)/\(rows.count) apps up",
            table: Table(headers: ["app", "state", "latency", "certificate", "checked"], rows: rows,
                         alignments: [.left, .left, .right, .right, .right]),
            footer: footer,
            severity: !down.isEmpty ? .error : (expiring.isEmpty ? .success : .warning))
    }
}
