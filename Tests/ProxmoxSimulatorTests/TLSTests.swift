import Crypto
import Foundation
import Testing
@testable import ProxmoxSimulator

@Suite("TLS")
struct TLSTests {
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
}
