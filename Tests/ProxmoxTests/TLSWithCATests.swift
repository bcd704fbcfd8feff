import Foundation
import Logging
import NexBoardCore
import Testing

@testable import Proxmox

@Suite("TLS with a Proxmox-shaped certificate authority")
struct TLSWithCATests {
    private static let version = #"{"data":{"version":"9.1-1","release":"9.1","repoid":"x"}}"#
    private let auth = ProxmoxConnection.Auth.token(id: "root@pam!nexboard", secret: Secret("s"))

    @Test("a server certificate signed by the CA is trusted with caPEM and with caFile")
    func trustedCA() async throws {
        let authority = try TestCertificateAuthority()
        let server = try await LocalResponder.start(tls: try authority.serverTLSConfiguration()) { _ in .json(Self.version) }
        #expect(server.baseURL.hasPrefix("https://127.0.0.1:"))
        try await withClient(ProxmoxConnection(name: "ca", baseURL: server.baseURL, auth: auth, tls: .caPEM(authority.caPEM))) {
            client in
            let version = try await client.version()
            #expect(version.version == "9.1-1")
        }
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("nexboard-root-\(UUID().uuidString).pem")
        try Data(authority.caPEM.utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        try await withClient(ProxmoxConnection(name: "ca", baseURL: server.baseURL, auth: auth, tls: .caFile(file.path))) {
            client in
            let version = try await client.version()
            #expect(version.version == "9.1-1")
        }
        try await server.stop()
    }

    @Test("another CA's certificate is refused, and insecure mode accepts it")
    func otherCA() async throws {
        let authority = try TestCertificateAuthority()
        let other = try TestCertificateAuthority()
        let server = try await LocalResponder.start(tls: try authority.serverTLSConfiguration()) { _ in .json(Self.version) }
        try await withClient(ProxmoxConnection(name: "ca", baseURL: server.baseURL, auth: auth, tls: .caPEM(other.caPEM))) {
            client in
            await #expect(throws: ProxmoxError.unreachable(cluster: "ca")) { try await client.version() }
        }
        try await withClient(ProxmoxConnection(name: "ca", baseURL: server.baseURL, auth: auth, tls: .insecure)) {
            client in
            let version = try await client.version()
            #expect(version.version == "9.1-1")
        }
        try await server.stop()
    }
}
