import AsyncHTTPClient
import Crypto
import Foundation
import Testing
@testable import ProxmoxSimulator

@Suite("Server lifecycle and TLS")
struct ServerLifecycleTests {
    @Test("TLS mode serves HTTPS with a self-signed certificate whose fingerprint is reported")
    func https() async throws {
        try await SimulatorHarness.with(tls: true) { sim in
            #expect(sim.server.baseURL.hasPrefix("https://127.0.0.1:"))
            let pem = try #require(sim.server.certificatePEM)
            let fingerprint = try #require(sim.server.certificateFingerprintSHA256)
            #expect(fingerprint.wholeMatch(of: /([0-9A-F]{2}:){31}[0-9A-F]{2}/) != nil)
            let base64 = pem.split(separator: "\n").filter { !$0.hasPrefix("-----") }.joined()
            let der = try #require(Data(base64Encoded: base64))
            let computed = SHA256.hash(data: der).map { String(format: "%02X", $0) }.joined(separator: ":")
            #expect(computed == fingerprint)
            let reply = try await sim.request(.GET, "/version")
            #expect(reply.status == 200)
            let nodes = try await sim.request(.GET, "/nodes").list
            #expect(nodes.first("node", "pve1")?.text("ssl_fingerprint") == fingerprint)
        }
    }

    @Test("stopping the server twice is harmless")
    func stopTwice() async throws {
        let server = try await ProxmoxSimulatorServer.start(cluster: SimulatedCluster())
        #expect(server.port > 0)
        await server.stop()
        await server.stop()
    }

    @Test("stopping the server while a client keeps its connection open is quick, and later requests fail")
    func stopWithOpenConnection() async throws {
        let server = try await ProxmoxSimulatorServer.start(cluster: SimulatedCluster())
        let client = HTTPClient(eventLoopGroupProvider: .singleton)
        var request = HTTPClientRequest(url: server.baseURL + "/api2/json/version")
        request.headers.add(name: "Authorization", value: "PVEAPIToken=root@pam!nexboard=11111111-2222-3333-4444-555555555555")
        do {
            let first = try await client.execute(request, timeout: .seconds(5))
            _ = try await first.body.collect(upTo: 1 << 20)
            #expect(first.status.code == 200)
        } catch {
            // A client released without shutdown() ends the whole test process, not only this test.
            try? await client.shutdown()
            await server.stop()
            throw error
        }
        let start = ContinuousClock.now
        await server.stop()
        // Quick means it does not wait for the client's idle connection.
        #expect(ContinuousClock.now - start < .seconds(5))
        await #expect(throws: (any Error).self) {
            _ = try await client.execute(request, timeout: .seconds(2))
        }
        try await client.shutdown()
    }
}
