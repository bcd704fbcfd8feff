@testable import ChatKit
import Logging
import NexBoardTesting
import Synchronization
import Testing

@Suite("The reconnect runner")
struct ReconnectRunnerTests {
    struct BadToken: FinalSessionError {}

    static var quiet: Logger {
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        return logger
    }

    @Test("Failures back off exponentially up to the cap, and a healthy session resets the backoff")
    func backoffGrowsAndResets() async throws {
        let clock = ManualClock()
        let runner = ReconnectRunner(initialBackoff: .seconds(1), maxBackoff: .seconds(8), clock: clock, jitter: { 1 })
        let outcomes = Mutex<[SessionOutcome]>([
            .reconnect(healthy: false, delay: nil), .reconnect(healthy: false, delay: nil), .reconnect(healthy: false, delay: nil),
            .reconnect(healthy: false, delay: nil), .reconnect(healthy: false, delay: nil),
            .reconnect(healthy: true, delay: nil), .reconnect(healthy: false, delay: nil),
            .reconnect(healthy: true, delay: .seconds(3)),
            .stop(reason: "done"),
        ])
        async let reason = runner.run(name: "test", logger: Self.quiet, report: { _ in }) {
            outcomes.withLock { $0.removeFirst() }
        }
        // Each wait ends only when the clock reaches it; the healthy session's reconnect does not wait.
        for _ in 1...7 {
            try await clock.waitForSleepers()
            clock.advanceToNextDeadline()
        }
        #expect(await reason == "done")
        #expect(clock.requestedSleeps == [.seconds(1), .seconds(2), .seconds(4), .seconds(8), .seconds(8), .seconds(1), .seconds(3)])
        #expect(clock.now.sinceStart == .seconds(27))
    }

    @Test("Jitter spreads the wait below the ceiling but never under a tenth of the initial backoff")
    func jitterBounds() {
        let low = ReconnectRunner(initialBackoff: .seconds(1), maxBackoff: .seconds(60), jitter: { 0 })
        #expect(low.backoff(afterFailures: 5) == .milliseconds(100))
        let half = ReconnectRunner(initialBackoff: .seconds(1), maxBackoff: .seconds(60), jitter: { 0.5 })
        #expect(half.backoff(afterFailures: 3) == .seconds(2))
        #expect(half.backoff(afterFailures: 40) == .seconds(30))
    }

    @Test("A final error stops the runner and reports the platform down; other errors are retried")
    func finalErrorStops() async throws {
        let clock = ManualClock()
        let runner = ReconnectRunner(initialBackoff: .milliseconds(10), maxBackoff: .seconds(1), clock: clock, jitter: { 1 })
        let calls = Mutex(0)
        let reports = Mutex<[SessionHealth]>([])
        struct Network: Error {}
        async let ended = runner.run(name: "test", logger: Self.quiet, report: { health in reports.withLock { $0.append(health) } }) {
            let call = calls.withLock { value -> Int in value += 1; return value }
            if call < 3 { throw Network() }
            throw BadToken()
        }
        for _ in 1...2 {
            try await clock.waitForSleepers()
            clock.advanceToNextDeadline()
        }
        let reason = await ended
        #expect(calls.withLock { $0 } == 3)
        #expect(clock.sleepers == 0 && clock.requestedSleeps.count == 2, "no wait after the final error")
        #expect(reason.contains("BadToken"))
        #expect(reports.withLock { $0 }.last == .down(reason: reason))
        #expect(reports.withLock { $0 }.filter { if case .reconnecting = $0 { true } else { false } }.count == 2)
    }
}
