import Foundation
import IntegrationSimulators
import Integrations
import Logging
import NexBoardCore
import NexBoardTesting
import Testing

@Suite("Nginx Proxy Manager client against the simulated one over HTTP")
struct NPMClientTests {
    let logger = Logger(label: "test.npm")

    func withNPM(secret: String = "pw", hosts: Int = 6, tokenLifetime: TimeInterval = 86_400, date: ManualDate = ManualDate(Date()),
                 _ body: (NPMSimulator, NPMClient) async throws -> Void) async throws {
        let npm = try await NPMSimulator.start(identity: "admin@example.com", secret: "pw", hosts: hosts, tokenLifetime: tokenLifetime,
                                               now: date.provider)
        try await withIntegrationClients(logger: logger, stopping: { await npm.stop() }) { clients in
            let client = try NPMClient(connection: IntegrationConnection(service: "Nginx Proxy Manager", baseURL: npm.baseURL),
                                       identity: "admin@example.com", secret: Secret(secret), clients: clients, clock: .continuous,
                                       now: date.provider)
            try await body(npm, client)
        }
    }

    @Test("Proxy hosts come with their certificate and its expiry, after one login")
    func hosts() async throws {
        let date = ManualDate(Date())
        try await withNPM(date: date) { npm, client in
            let hosts = try await client.proxyHosts(logger: logger)
            #expect(hosts.count == 6)
            let nextcloud = try #require(hosts.first { $0.domains == ["nextcloud.home.example.net"] })
            #expect(nextcloud.forward == "http://192.168.1.101:8001")
            #expect(nextcloud.enabled)
            #expect(nextcloud.online == true)
            #expect(nextcloud.certificate?.daysLeft(now: date.provider()) ?? 0 >= 19)
            _ = try await client.certificates(logger: logger)
            #expect(await npm.tokenRequests.logins == 1)
        }
    }

    @Test("Certificates come soonest expiry first; a knob moves one into the past")
    func certificates() async throws {
        let date = ManualDate(Date())
        try await withNPM(date: date) { npm, client in
            await npm.setCertificateExpiry(host: 3, to: date.provider().addingTimeInterval(-2 * 86_400))
            let certificates = try await client.certificates(logger: logger)
            #expect(certificates.count == 6)
            #expect(certificates.first?.id == 3)
            // NPM's expires_on has whole seconds: two days ago, cut to the second, may read as just over two.
            #expect((-3)...(-2) ~= certificates.first?.daysLeft(now: date.provider()) ?? 0)
        }
    }

    @Test("The token is refreshed a day before it expires, and a new login follows a revoked one")
    func tokenRenewal() async throws {
        let date = ManualDate(Date())
        try await withNPM(tokenLifetime: 7 * 86_400, date: date) { npm, client in
            _ = try await client.proxyHosts(logger: logger)
            date.advance(by: 6 * 86_400 + 60)
            _ = try await client.proxyHosts(logger: logger)
            let counts = await npm.tokenRequests
            #expect(counts.logins == 1 && counts.refreshes == 1, "\(counts)")
            await npm.revokeTokens()
            _ = try await client.proxyHosts(logger: logger)
            #expect(await npm.tokenRequests.logins == 2)
        }
    }

    @Test("A wrong password is unauthorized")
    func wrongPassword() async throws {
        try await withNPM(secret: "wrong") { _, client in
            await #expect(throws: IntegrationError.unauthorized(service: "Nginx Proxy Manager")) { try await client.proxyHosts(logger: logger) }
        }
    }
}
