import Foundation
import Logging
import NIOSSL
import NexBoardCore
import NexBoardTesting
import ProxmoxSimulator
import Testing

@testable import Proxmox

@Suite("Pinning a server's certificate by its SHA-256 fingerprint, over real HTTPS")
struct CertificatePinningTests {
    private static let auth = ProxmoxConnection.Auth.backupServerToken(id: SimulatorHarness.tokenID, secret: Secret(SimulatorHarness.tokenSecret))

    /// A simulated Backup Server on 127.0.0.1 over HTTPS with a self-signed certificate made at start,
    /// as a fresh Proxmox Backup Server has; `body` gets its cluster, server and certificate fingerprint.
    private static func withBackupServer(_ body: (SimulatedCluster, ProxmoxSimulatorServer, CertificateFingerprint) async throws -> Void)
        async throws {
        let cluster = SimulatedCluster(options: SimulatorOptions())
        var quiet = Logger(label: "test.pbs")
        quiet.logLevel = .critical
        let server = try await ProxmoxSimulatorServer.startBackupServer(cluster: cluster, tls: true, logger: quiet)
        do {
            let shown = try #require(server.certificateFingerprintSHA256)
            let fingerprint = try #require(CertificateFingerprint(shown))
            try await body(cluster, server, fingerprint)
        } catch {
            await server.stop()
            throw error
        }
        await server.stop()
    }

    @Test("the pinned fingerprint trusts exactly the server's self-signed certificate, written with colons or without, in either case")
    func rightFingerprint() async throws {
        try await Self.withBackupServer { _, server, fingerprint in
            let bare = try #require(CertificateFingerprint(fingerprint.description.replacingOccurrences(of: ":", with: "").lowercased()))
            #expect(bare == fingerprint)
            try await withClient(ProxmoxConnection(name: "sim/pbs", baseURL: server.baseURL, auth: Self.auth, tls: .fingerprint(bare))) { client in
                let stores = try await client.backupServerDatastores()
                #expect(stores.map(\.store) == ["store1"])
                let snapshots = try await client.backupServerSnapshots(store: "store1")
                #expect(!snapshots.isEmpty, "a second request, on the same connection or a new one")
            }
        }
    }

    @Test("another fingerprint is refused before anything is sent, with a message naming both, and the connection is closed")
    func wrongFingerprint() async throws {
        try await Self.withBackupServer { cluster, server, fingerprint in
            var bytes = fingerprint.bytes
            bytes[0] ^= 0xFF
            let pinned = try #require(CertificateFingerprint(bytes.map { String(format: "%02x", $0) }.joined()))
            try await withClient(ProxmoxConnection(name: "sim/pbs", baseURL: server.baseURL, auth: Self.auth, tls: .fingerprint(pinned))) { client in
                let expected = ProxmoxError.certificateMismatch(cluster: "sim/pbs", pinned: pinned, presented: fingerprint)
                await #expect(throws: expected) { try await client.backupServerDatastores() }
                await #expect(throws: expected) { try await client.backupServerSnapshots(store: "store1") }
                #expect(expected.userMessage.contains(pinned.description) && expected.userMessage.contains(fingerprint.description),
                        "\(expected.userMessage)")
            }
            #expect(await cluster.requestCount(pathPrefix: "pbs:") == 0, "no request reached the server, so neither did the token")
            let stopping = ContinuousClock.now
            await server.stop()
            #expect(ContinuousClock.now - stopping < .seconds(3),
                    "the refused connections were closed: a server stopping waits 5 s for open ones")
        }
    }

    @Test("the fingerprint is the one openssl shows for the certificate, as Proxmox writes it",
          .enabled(if: try TestPeer.check("openssl (/usr/bin/openssl)", present: FileManager.default.isExecutableFile(atPath: "/usr/bin/openssl"))))
    func sameAsOpenSSL() async throws {
        try await Self.withBackupServer { _, server, fingerprint in
            let pem = try #require(server.certificatePEM)
            #expect(try CertificateFingerprint(of: NIOSSLCertificate(bytes: Array(pem.utf8), format: .pem)) == fingerprint)
            let openssl = try await ChildProcess.run(URL(fileURLWithPath: "/usr/bin/openssl"), arguments: ["x509", "-noout", "-fingerprint", "-sha256"],
                                                     input: pem)
            #expect(openssl.status == 0, "\(openssl.errors)")
            let shown = try #require(openssl.output.split(separator: "=", maxSplits: 1).last).trimmingCharacters(in: .whitespacesAndNewlines)
            #expect(shown == fingerprint.description)
            #expect(fingerprint.description.count == 95, "32 upper-case pairs joined by colons")
        }
    }

    @Test("a fingerprint is 64 hex digits, bare or as 32 pairs joined by colons; anything else is not one",
          arguments: ["AB:CD", String(repeating: "A", count: 63), String(repeating: "A", count: 65), String(repeating: "G", count: 64),
                      "+" + String(repeating: "A", count: 63), String(repeating: "AAA:", count: 16) + String(repeating: "A", count: 16),
                      String(repeating: "AA:", count: 32), String(repeating: "ＡＡ", count: 32), " " + String(repeating: "A", count: 64), ""])
    func parsing(bad: String) {
        #expect(CertificateFingerprint(bad) == nil, "\(bad)")
    }

    @Test("upper, lower and bare spellings are the same fingerprint")
    func spellings() throws {
        let colons = (0..<32).map { String(format: "%02X", $0 * 7) }.joined(separator: ":")
        let fingerprint = try #require(CertificateFingerprint(colons))
        #expect(fingerprint.description == colons)
        #expect(CertificateFingerprint(colons.lowercased()) == fingerprint)
        #expect(CertificateFingerprint(colons.replacingOccurrences(of: ":", with: "")) == fingerprint)
    }

    @Test("a pinned certificate over plain http is refused when the client is made")
    func plainHTTP() throws {
        let pinned = try #require(CertificateFingerprint(String(repeating: "ab", count: 32)))
        #expect(throws: ProxmoxError.self) {
            _ = try ProxmoxClient(connection: ProxmoxConnection(name: "sim/pbs", baseURL: "http://127.0.0.1:8007", auth: Self.auth, tls: .fingerprint(pinned)),
                                  logger: Logger(label: "test"))
        }
    }
}
