import Foundation
import IntegrationSimulators
import Integrations
import Logging
import NexBoardCore
import NexBoardTesting
import Testing

@Suite("AdGuard Home client against the simulated AdGuard Home over HTTP")
struct AdGuardClientTests {
    let logger = Logger(label: "test.adguard")

    func withAdGuard(password: String = "secret", clock: AnyClock = .continuous,
                     _ body: (AdGuardSimulator, AdGuardClient) async throws -> Void) async throws {
        let adguard = try await AdGuardSimulator.start(username: "admin", password: "secret", clock: clock)
        try await withIntegrationClients(logger: logger, stopping: { await adguard.stop() }) { clients in
            let client = try AdGuardClient(connection: IntegrationConnection(service: "AdGuard Home", baseURL: adguard.baseURL),
                                           username: "admin", password: Secret(password), clients: clients, clock: clock)
            try await body(adguard, client)
        }
    }

    @Test("Status reads protection, the day's counts and the top blocked domains")
    func status() async throws {
        try await withAdGuard { _, client in
            let status = try await client.status(logger: logger)
            #expect(status.product == "AdGuard Home v0.107.52")
            #expect(status.blocking == .enabled)
            #expect(status.queries == 24_065)
            #expect(status.blocked > 0)
            #expect(status.period == "last 24 hours")
            #expect(status.topBlocked.first == DomainCount(domain: "doubleclick.net", count: 912))
        }
    }

    @Test("A pause sends its duration in milliseconds and reads the remaining time back; resume ends it")
    func pauseAndResume() async throws {
        let clock = ManualClock()
        try await withAdGuard(clock: AnyClock(clock)) { adguard, client in
            let paused = try await client.setBlocking(enabled: false, for: .seconds(300), logger: logger)
            #expect(paused == .disabled(remaining: .seconds(300)))
            clock.advance(by: .seconds(100))
            let answer1 = try await client.status(logger: logger).blocking
            #expect(answer1 == .disabled(remaining: .seconds(200)))
            let answer2 = try await client.setBlocking(enabled: true, for: nil, logger: logger)
            #expect(answer2 == .enabled)
            #expect(await adguard.protectionEnabled)
        }
    }

    @Test("A pause ends by itself when its time is up")
    func pauseExpires() async throws {
        let clock = ManualClock()
        try await withAdGuard(clock: AnyClock(clock)) { _, client in
            _ = try await client.setBlocking(enabled: false, for: .seconds(60), logger: logger)
            clock.advance(by: .seconds(61))
            let answer3 = try await client.status(logger: logger).blocking
            #expect(answer3 == .enabled)
        }
    }

    @Test("Describing the client shows neither the password nor the basic credentials")
    func descriptionHidesCredentials() async throws {
        try await withAdGuard { _, client in
            let basic = Data("admin:secret".utf8).base64EncodedString()
            for text in [String(describing: client), String(reflecting: client)] {
                #expect(!text.contains("secret") && !text.contains(basic), "\(text)")
            }
        }
    }

    @Test("Wrong basic credentials are unauthorized")
    func wrongPassword() async throws {
        try await withAdGuard(password: "wrong") { _, client in
            await #expect(throws: IntegrationError.unauthorized(service: "AdGuard Home")) { try await client.status(logger: logger) }
            await #expect(throws: IntegrationError.unauthorized(service: "AdGuard Home")) {
                try await client.setBlocking(enabled: false, for: nil, logger: logger)
            }
        }
    }
}
