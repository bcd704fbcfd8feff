import Foundation
import Logging
import NexBoardCore
import Testing

@testable import Proxmox

@Suite("Request metrics")
struct MetricsTests {
    @Test("each request is timed per cluster and endpoint template, and failures are counted per cluster and kind")
    func timersAndErrorCounters() async throws {
        let server = try await LocalResponder.start { request in
            if request.uri.contains("/status/current") {
                return CannedResponse(status: 500, reason: "boom", body: #"{"data":null,"message":"boom"}"#)
            }
            return .json(#"{"data":{"version":"9.1-1","release":"9.1","repoid":"x"}}"#)
        }
        let metrics = RecordingMetrics()
        var logger = Logger(label: "test.metrics")
        logger.logLevel = .critical
        let client = try ProxmoxClient(
            connection: ProxmoxConnection(
                name: "home", baseURL: server.baseURL, auth: .token(id: "a@pam!b", secret: Secret("s"))),
            logger: logger, now: { Date() }, metrics: metrics)
        _ = try? await client.version()
        _ = try? await client.version()
        _ = try? await client.guestStatus(node: "pve1", kind: .lxc, vmid: 101)
        try await client.shutdown()
        try await server.stop()

        let label = "nexboard_proxmox_request_duration_seconds"
        #expect(metrics.timerValues(label, [("cluster", "home"), ("endpoint", "/version")]).count == 2)
        let status = metrics.timerValues(label, [("cluster", "home"), ("endpoint", "/nodes/{node}/lxc/{vmid}/status/current")])
        #expect(status.count == 1)
        #expect(status.allSatisfy { $0 > 0 })
        // Errors by kind only: the endpoint of a failed request is in the log, and the kinds are few.
        #expect(metrics.counterValue("nexboard_proxmox_errors_total", [("cluster", "home"), ("kind", "server")]) == 1)
        #expect(metrics.counterValue("nexboard_proxmox_errors_total", [("cluster", "home"), ("kind", "timeout")]) == 0)
    }
}
