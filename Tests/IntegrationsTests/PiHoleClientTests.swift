import Foundation
import IntegrationSimulators
import Integrations
import Logging
import NexBoardCore
import NexBoardTesting
import Testing

@Suite("Pi-hole client against the simulated Pi-hole over HTTP")
struct PiHoleClientTests {
    let logger = Logger(label: "test.pihole")

    func withPiHole(version: Int = 6, password: String? = "secret", configured: PiHoleAPIVersion = .detect, login: String? = "secret",
                    clock: AnyClock = .continuous, timeout: Duration = .seconds(10),
                    _ body: (PiHoleSimulator, PiHoleClient) async throws -> Void) async throws {
        let pihole = try await PiHoleSimulator.start(version: version, password: password, clock: clock)
        try await withIntegrationClients(logger: logger, stopping: { await pihole.stop() }) { clients in
            let client = try PiHoleClient(
                connection: IntegrationConnection(service: "Pi-hole", baseURL: pihole.baseURL, timeout: timeout),
                version: configured, password: login.map(Secret.init), clients: clients, clock: clock)
            try await body(pihole, client)
        }
    }

    @Test("v6: status reads blocking, today's counts and the top blocked domains after one login")
    func v6Status() async throws {
        try await withPiHole { pihole, client in
            await pihole.setCounts(queries: 1000, blocked: 250)
            let status = try await client.status(logger: logger)
            #expect(status.product == "Pi-hole v6")
            #expect(status.blocking == .enabled)
            #expect(status.queries == 1000)
            #expect(status.blocked == 250)
            #expect(status.blockedRatio == 0.25)
            #expect(status.topBlocked.count == 5)
            #expect(status.topBlocked.first == DomainCount(domain: "doubleclick.net", count: 1204))
            _ = try await client.status(logger: logger)
            #expect(await pihole.logins == 1)
        }
    }

    @Test("v6: the API version is detected from /api/auth")
    func v6Detected() async throws {
        try await withPiHole { _, client in
            let answer1 = try await client.apiVersion(logger: logger)
            #expect(answer1 == .v6)
        }
    }

    @Test("v6: a pause sets a timer that Pi-hole reports, and resume ends it")
    func v6PauseAndResume() async throws {
        try await withPiHole { pihole, client in
            let paused = try await client.setBlocking(enabled: false, for: .seconds(300), logger: logger)
            guard case let .disabled(remaining?) = paused else {
                Issue.record("expected a timed pause, got \(paused)")
                return
            }
            #expect(remaining <= .seconds(300) && remaining > .seconds(290))
            #expect(await pihole.blocking == "disabled")
            let answer2 = try await client.setBlocking(enabled: true, for: nil, logger: logger)
            #expect(answer2 == .enabled)
            #expect(await pihole.blocking == "enabled")
        }
    }

    @Test("v6: a pause without a duration lasts until resumed")
    func v6PauseIndefinitely() async throws {
        try await withPiHole { _, client in
            let answer3 = try await client.setBlocking(enabled: false, for: nil, logger: logger)
            #expect(answer3 == .disabled(remaining: nil))
        }
    }

    @Test("v6: a session Pi-hole forgot is opened again once, without failing the call")
    func v6SessionRenewedAfter401() async throws {
        try await withPiHole { pihole, client in
            _ = try await client.status(logger: logger)
            await pihole.dropSessions()
            _ = try await client.status(logger: logger)
            #expect(await pihole.logins == 2)
        }
    }

    @Test("v6: a session is renewed before its validity ends, on the injected clock")
    func v6SessionRenewedBeforeExpiry() async throws {
        let clock = ManualClock()
        try await withPiHole(clock: AnyClock(clock)) { pihole, client in
            _ = try await client.status(logger: logger)
            clock.advance(by: .seconds(1800 * 8 / 10 + 1))
            _ = try await client.status(logger: logger)
            #expect(await pihole.logins == 2)
        }
    }

    @Test("v6: a wrong password is an unauthorized error with a clear message and no secret")
    func v6WrongPassword() async throws {
        try await withPiHole(login: "wrong") { _, client in
            let error = await #expect(throws: IntegrationError.self) { try await client.status(logger: logger) }
            #expect(error == .unauthorized(service: "Pi-hole"))
            #expect(error?.userMessage.contains("wrong") == false)
            #expect(error?.userMessage.contains("refused NexBoard's credentials") == true)
        }
    }

    @Test("v6: without a configured password a Pi-hole that has one refuses the calls")
    func v6MissingPassword() async throws {
        try await withPiHole(login: nil) { _, client in
            await #expect(throws: IntegrationError.unauthorized(service: "Pi-hole")) { try await client.status(logger: logger) }
        }
    }

    @Test("v6: a Pi-hole without a password needs no login")
    func v6NoPassword() async throws {
        try await withPiHole(password: nil, login: nil) { pihole, client in
            let answer4 = try await client.status(logger: logger).blocking
            #expect(answer4 == .enabled)
            #expect(await pihole.logins == 0)
        }
    }

    @Test("An HTML page instead of JSON is an unreadable answer")
    func malformed() async throws {
        try await withPiHole { pihole, client in
            _ = try await client.apiVersion(logger: logger)
            await pihole.set(fault: .malformed)
            let error = await #expect(throws: IntegrationError.self) { try await client.status(logger: logger) }
            guard case .invalidResponse? = error else {
                Issue.record("expected invalidResponse, got \(String(describing: error))")
                return
            }
            #expect(error?.userMessage == "Pi-hole sent an answer NexBoard cannot read.")
        }
    }

    @Test("A server error is reported with its status")
    func serverError() async throws {
        try await withPiHole(configured: .v6) { pihole, client in
            await pihole.set(fault: .status(500))
            await #expect(throws: IntegrationError.unexpectedStatus(service: "Pi-hole", status: 500)) {
                try await client.status(logger: logger)
            }
        }
    }

    @Test("A Pi-hole that does not answer in time is a timeout, measured on the injected clock")
    func timeout() async throws {
        let clock = ManualClock()
        try await withPiHole(configured: .v6, clock: AnyClock(clock), timeout: .seconds(10)) { pihole, client in
            _ = try await client.status(logger: logger)
            await pihole.set(fault: .delay(.seconds(60)))
            let outcome = Task { try await client.status(logger: logger) }
            try await clock.waitForSleepers(2)  // the client's deadline and the simulator's delay
            clock.advance(by: .seconds(10))
            await #expect(throws: IntegrationError.timeout(service: "Pi-hole", after: .seconds(10))) { _ = try await outcome.value }
            clock.advance(by: .seconds(60))  // release the simulator's answer so it can stop
        }
    }

    @Test("Nothing listening is unreachable")
    func unreachable() async throws {
        let clients = IntegrationHTTPClients(logger: logger)
        let client = try PiHoleClient(connection: IntegrationConnection(service: "Pi-hole", baseURL: "http://127.0.0.1:9"),
                                      version: .v6, password: Secret("x"), clients: clients, clock: .continuous)
        await #expect(throws: IntegrationError.unreachable(service: "Pi-hole")) { try await client.status(logger: logger) }
        await clients.shutdown()
    }

    @Test("v5: status reads summaryRaw with the API token, and the version is detected")
    func v5Status() async throws {
        try await withPiHole(version: 5) { pihole, client in
            await pihole.setCounts(queries: 29_350, blocked: 5_053)
            let answer5 = try await client.apiVersion(logger: logger)
            #expect(answer5 == .v5)
            let status = try await client.status(logger: logger)
            #expect(status.product == "Pi-hole v5")
            #expect(status.blocking == .enabled)
            #expect(status.queries == 29_350)
            #expect(status.blocked == 5_053)
            #expect(status.topBlocked.isEmpty)
        }
    }

    @Test("v5: disable with seconds and enable switch blocking")
    func v5PauseAndResume() async throws {
        try await withPiHole(version: 5, configured: .v5) { pihole, client in
            let answer6 = try await client.setBlocking(enabled: false, for: .seconds(120), logger: logger)
            #expect(answer6 == .disabled(remaining: .seconds(120)))
            #expect(await pihole.blocking == "disabled")
            let answer7 = try await client.setBlocking(enabled: true, for: nil, logger: logger)
            #expect(answer7 == .enabled)
            #expect(await pihole.blocking == "enabled")
        }
    }

    @Test("v5: a wrong API token (answered with []) is unauthorized")
    func v5WrongToken() async throws {
        try await withPiHole(version: 5, configured: .v5, login: "nope") { _, client in
            await #expect(throws: IntegrationError.unauthorized(service: "Pi-hole")) { try await client.status(logger: logger) }
        }
    }

    @Test("Configured as v6 against a v5 Pi-hole: an unexpected status, not a crash")
    func wrongVersion() async throws {
        try await withPiHole(version: 5, configured: .v6) { _, client in
            await #expect(throws: IntegrationError.self) { try await client.status(logger: logger) }
        }
    }

    @Test("The log lines of a v5 call never carry the API token")
    func noSecretInLogs() async throws {
        let capture = LogCapture()
        try await withPiHole(version: 5, configured: .v5, login: "secret") { _, client in
            _ = try await client.status(logger: capture.logger())
        }
        let text = capture.all.joined(separator: "\n")
        #expect(text.contains("auth=…"))
        #expect(!text.contains("secret"))
    }
}
