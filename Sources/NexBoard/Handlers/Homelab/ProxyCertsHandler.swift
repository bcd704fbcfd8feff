import Foundation
import Integrations
import NexBoardCore

/// `proxy certs`: Nginx Proxy Manager's certificates, soonest expiry first.
struct ProxyCertsHandler: CommandHandler {
    let command = "proxy certs"

    func handle(_ context: CommandContext) async throws -> Message {
        let certificates = try await context.reverseProxy().certificates(logger: context.logger)
        let now = context.now
        let rows = certificates.map { certificate in
            [certificate.name, certificate.provider, Format.time(certificate.expiresOn), ProxyCertificateText.expiry(certificate, now: now)]
        }
        let expired = certificates.filter { ($0.daysLeft(now: now) ?? 0) < 0 }
        let soon = certificates.filter { (0..<ProxyCertificateText.warningDays).contains($0.daysLeft(now: now) ?? Int.max) }
        return Message(
            title: "\(certificates.count) certificates",
            table: Table(headers: ["certificate", "provider", "expires", "left"], rows: rows),
            footer: expired.isEmpty && soon.isEmpty ? nil : "\(expired.count) expired, \(soon.count) expiring within \(ProxyCertificateText.warningDays) days",
            severity: !expired.isEmpty ? .error : (soon.isEmpty ? .info : .warning))
    }
}
