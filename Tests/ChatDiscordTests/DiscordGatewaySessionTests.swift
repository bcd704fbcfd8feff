@testable import ChatDiscord
import ChatKit
import Foundation
import NexBoardCore
import NexBoardTesting
import TestScopes
import Testing

/// One gateway session against the fake Discord: the faults that a session alone must survive.
@Suite("A gateway session", .stopsWhatItStarts)
struct DiscordGatewaySessionTests {
    /// Room for scheduling on a loaded 2-core machine (every suite starts at once), and still less than
    /// the 2 s close timeout that a session waiting for a silent peer's close reply would add.
    static let margin = Duration.seconds(1)

    /// How a session ended, and when.
    actor Ending {
        private(set) var outcome: Result<SessionOutcome, any Error>?
        private(set) var at: ContinuousClock.Instant?
        private(set) var readyAt: ContinuousClock.Instant?
        func set(_ outcome: Result<SessionOutcome, any Error>) {
            self.outcome = outcome
            at = .now
        }
        func markReady() { readyAt = .now }
    }

    /// - Parameter clock: what the session's waits sleep on (nil: real time).
    private static func session(_ fake: FakeDiscord, driver: GatewayDriver, identifyInterval: Duration = .zero,
                                clock: ManualClock? = nil, jitter: Double = 0.5, ending: Ending) -> DiscordGatewaySession {
        let configuration = DiscordAdapterConfiguration(token: Secret(fake.token), applicationID: fake.applicationID,
                                                        gatewayURL: fake.gatewayURL, apiURL: fake.apiURL,
                                                        identifyInterval: identifyInterval)
        let sleep: @Sendable (Duration) async throws -> Void = { duration in
            if let clock { try await clock.sleep(for: duration) } else { try await Task.sleep(for: duration) }
        }
        return DiscordGatewaySession(configuration: configuration, driver: driver, sleep: sleep,
                                     jitter: { jitter }, deliver: { _ in }, onReady: { await ending.markReady() },
                                     logger: DiscordHarness.quiet)
    }

    /// Runs `session` beside `body`, then cancels it if it is still running.
    private static func running(_ session: DiscordGatewaySession, ending: Ending, _ body: () async throws -> Void) async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                let outcome: Result<SessionOutcome, any Error>
                do { outcome = .success(try await session.run()) } catch { outcome = .failure(error) }
                await ending.set(outcome)
            }
            defer { group.cancelAll() }
            try await body()
        }
    }

    private static func waitUntil(_ deadline: ContinuousClock.Instant, _ condition: () async -> Bool) async throws {
        while await !condition(), ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(5))
        }
    }

    @Test("After HELLO the first heartbeat waits the interval times the injected jitter, then each interval, on the session's clock")
    func helloJitter() async throws {
        let fake = try await FakeDiscord.start(heartbeatInterval: .seconds(40), logger: DiscordHarness.quiet)
        let clock = ManualClock()
        let ending = Ending()
        let session = Self.session(fake, driver: GatewayDriver(now: { clock.now.sinceStart }), clock: clock, jitter: 0.25, ending: ending)
        try await Self.running(session, ending: ending) {
            try await fake.waitForSession()
            try await clock.waitForSleepers(dueIn: .seconds(10))
            #expect(await fake.gatewayRecord().heartbeats == 0)
            clock.advance(by: .seconds(10))
            try await clock.waitForSleepers(dueIn: .seconds(40))
            try await Self.waitUntil(.now + .seconds(5)) { await fake.gatewayRecord().heartbeats == 1 }
            #expect(await fake.gatewayRecord().heartbeats == 1)
            #expect(await ending.at == nil, "the ACKed connection is still served")
        }
        await fake.stop()
    }

    @Test("A connection that goes silent with TCP open is left within two heartbeat intervals, without waiting for a close reply")
    func silentConnectionIsLeft() async throws {
        // Long enough that a loaded machine does not take the connection for a zombie before the silence.
        let heartbeat = Duration.seconds(1)
        let fake = try await FakeDiscord.start(heartbeatInterval: heartbeat, logger: DiscordHarness.quiet)
        let ending = Ending()
        let session = Self.session(fake, driver: GatewayDriver(now: { .zero }), ending: ending)
        var silentSince = ContinuousClock.now
        try await Self.running(session, ending: ending) {
            // READY read by the bot, not only sent by the fake.
            try await Self.waitUntil(.now + .seconds(10)) { await ending.readyAt != nil }
            #expect(await fake.inject(.silence))
            silentSince = .now
            try await Self.waitUntil(silentSince + .seconds(5)) { await ending.at != nil }
            try await Self.waitUntil(.now + .seconds(1)) { await fake.gatewayRecord().silences.first?.left != nil }
        }
        let left = await fake.gatewayRecord().silences.first?.left
        await fake.stop()
        let endedAt = try #require(await ending.at, "the session never ended")
        let outcome = try #require(await ending.outcome)
        #expect(try outcome.get() == .reconnect(healthy: true, delay: nil), "resume at once")
        #expect(endedAt - silentSince <= heartbeat * 2 + Self.margin)
        let dropped = try #require(left, "the socket was never dropped")
        #expect(dropped - silentSince <= heartbeat * 2 + Self.margin)
    }

    @Test("Heartbeat ACKs are read while IDENTIFY waits for its slot, so a healthy connection is not taken for a zombie")
    func acksReadDuringIdentifyWait() async throws {
        let fake = try await FakeDiscord.start(heartbeatInterval: .seconds(1), logger: DiscordHarness.quiet)
        // The driver's time stands still: the IDENTIFY waits until the test lets it go.
        let clock = ManualClock()
        let driver = GatewayDriver(now: { clock.now.sinceStart })
        #expect(await driver.takeIdentifySlot(interval: .seconds(2)) == .zero)
        let ending = Ending()
        let session = Self.session(fake, driver: driver, identifyInterval: .seconds(2), ending: ending)
        try await Self.running(session, ending: ending) {
            // Three beats while waiting: a reader asleep in the wait would have missed the ACKs and left.
            try await Self.waitUntil(.now + .seconds(20)) {
                let beats = await fake.gatewayRecord().heartbeats
                return await ending.at != nil || beats >= 3
            }
            #expect(await ending.at == nil, "the connection is still served")
            clock.advance(by: .seconds(2))
            try await fake.waitForSession(timeout: .seconds(10))
            #expect(await ending.at == nil, "the connection is still served after READY")
        }
        let record = await fake.gatewayRecord()
        await fake.stop()
        #expect(record.connections == 1)
        #expect(record.identifies == 1)
        #expect(record.heartbeats >= 3)
    }

    @Test("A connection lost while IDENTIFY waits leaves the slot to the next connection")
    func lostWaitKeepsTheSlot() async throws {
        let fake = try await FakeDiscord.start(logger: DiscordHarness.quiet)
        let interval = Duration.seconds(10)
        let clock = ManualClock()
        let driver = GatewayDriver(now: { clock.now.sinceStart })
        #expect(await driver.takeIdentifySlot(interval: interval) == .zero)
        let lost = Ending()
        var droppedAt = ContinuousClock.now
        try await Self.running(Self.session(fake, driver: driver, identifyInterval: interval, ending: lost), ending: lost) {
            try await Self.waitUntil(.now + .seconds(10)) { await fake.gatewayRecord().connections == 1 }
            #expect(await fake.inject(.drop))
            droppedAt = .now
            try await Self.waitUntil(.now + .seconds(20)) { await lost.at != nil }
        }
        // A reader asleep in the 10 s wait would see the drop only when it is over.
        let lostAt = try #require(await lost.at)
        #expect(lostAt - droppedAt < .seconds(5), "the drop is seen while the IDENTIFY waits")
        #expect(await fake.gatewayRecord().identifyTimes.isEmpty)

        // The interval since the first IDENTIFY has passed: the next connection identifies at once,
        // where a slot reserved by the lost one would make it wait another 10 s.
        clock.advance(by: interval)
        let started = ContinuousClock.now
        let next = Ending()
        try await Self.running(Self.session(fake, driver: driver, identifyInterval: interval, ending: next), ending: next) {
            try await fake.waitForSession(connection: 2, timeout: .seconds(20))
        }
        let identified = await fake.gatewayRecord().identifyTimes
        await fake.stop()
        let second = try #require(identified.first)
        #expect(second - started < .seconds(5), "not pushed back by the abandoned wait")
    }
}
