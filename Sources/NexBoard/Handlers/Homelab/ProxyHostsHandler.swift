import Foundation
import Integrations
import NexBoardCore

/// `proxy hosts`: Nginx Proxy Manager's hosts, where they forward, their certificate and its days to expiry.
struct ProxyHostsHandler: CommandHandler {
    let command = "proxy hosts"

    func handle(_ context: CommandContext) async throws -> Message {
        let hosts = try await context.reverseProxy().proxyHosts(logger: context.logger)
        let now = context.now
        let rows = hosts.map { host in
            [host.domains.joined(separator: ", "), host.forward,
             !host.enabled ? "disabled" : (host.online == false ? "error" : "on"),
             host.certificate.map { ProxyCertificateText.expiry($0, now: now) } ?? "no TLS"]
        }
        let expiring = hosts.compactMap(\.certificate).filter { ($0.daysLeft(now: now) ?? Int.max) < ProxyCertificateText.warningDays }
        return Message(
            title: "\(hosts.count) proxy hosts",
            table: Table(headers: ["domains", "forwards to", "state", "certificate"], rows: rows),
            buttons: [Button("Certificates", command: "proxy certs")],
            footer: expiring.isEmpty ? nil : "\(expiring.count) certificate(s) expire within \(ProxyCertificateText.warningDays) days",
            severity: expiring.isEmpty ? .info : .warning)
    }
}
