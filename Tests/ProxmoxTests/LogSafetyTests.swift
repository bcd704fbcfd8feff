import Foundation
import Logging
import NexBoardCore
import NexBoardTesting
import Synchronization
import Testing

@testable import Proxmox

@Suite("Logs never contain secrets")
struct LogSafetyTests {
    @Test("token, password and ticket stay out of every log line, even at trace level")
    func noSecretsInLogs() async throws {
        let server = try await LocalResponder.start { request in
            if request.uri.hasSuffix("/access/ticket") {
                return .json(#"{"data":{"ticket":"PVE:root@pam:SECRETTICKET","CSRFPreventionToken":"SECRETCSRF"}}"#)
            }
            if request.uri.contains("/status/start") {
                return CannedResponse(status: 403, reason: "Forbidden", body: #"{"data":null,"message":"Permission check failed (/vms/1, VM.PowerMgmt)"}"#)
            }
            return .json(#"{"data":{"version":"9.1-1","release":"9.1","repoid":"x"}}"#)
        }
        let capture = LogCapture()
        let tokenClient = try ProxmoxClient(
            connection: ProxmoxConnection(
                name: "home", baseURL: server.baseURL, auth: .token(id: "root@pam!nexboard", secret: Secret("TOKENSECRET"))),
            logger: capture.logger())
        let passwordClient = try ProxmoxClient(
            connection: ProxmoxConnection(
                name: "home", baseURL: server.baseURL, auth: .password(username: "root@pam", password: Secret("PASSWORDSECRET")),
                tls: .insecure),
            logger: capture.logger())
        // ServiceLifecycle logs a service by its description: a service holding a client shows no secret either.
        for secret in ["TOKENSECRET", "PASSWORDSECRET"] {
            for client in [tokenClient, passwordClient] {
                #expect(!String(describing: client).contains(secret) && !String(reflecting: client).contains(secret),
                        "\(secret) shows in the client's description")
            }
        }
        _ = try await tokenClient.version()
        _ = try await passwordClient.version()
        _ = try? await passwordClient.powerAction(.start, node: "pve1", kind: .qemu, vmid: 1)
        try await tokenClient.shutdown()
        try await passwordClient.shutdown()
        try await server.stop()

        let lines = capture.all
        #expect(lines.contains { $0.contains("proxmox request") && $0.contains("GET /version") })
        #expect(lines.contains { $0.contains("warning") && $0.contains("TLS certificate verification is disabled") })
        for secret in ["TOKENSECRET", "PASSWORDSECRET", "SECRETTICKET", "SECRETCSRF"] {
            #expect(!lines.contains { $0.contains(secret) }, "\(secret) leaked into the logs")
        }
    }
}
