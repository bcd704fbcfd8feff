@testable import ChatDiscord
import Logging
import Synchronization
import Testing

@Suite("The reconnect runner")
struct ReconnectRunnerTests {
    /// A clock that does not wait: it records what it was asked to sleep.
    final class RecordingClock: Clock, Sendable {
        struct Instant: InstantProtocol {
            var offset: Duration
            func advanced(by duration: Duration) -> Instant { Instant(offset: offset + duration) }
            func duration(to other: Instant) -> Duration { other.offset - offset }
            static func < (lhs: Instant, rhs: Instant) -> Bool { lhs.offset < rhs.offset }
        }
        private let state = Mutex<(now: Duration, sleeps: [Duration])>((.zero, []))
        var now: Instant { Instant(offset: state.withLock { $0.now }) }
        var minimumResolution: Duration { .nanoseconds(1) }
        var sleeps: [Duration] { state.withLock { $0.sleeps } }
        func sleep(until deadline: Instant, tolerance: Duration?) async throws {
            state.withLock { value in
                value.sleeps.append(deadline.offset - value.now)
                value.now = max(value.now, deadline.offset)
            }
        }
    }

    struct BadToken: FinalSessionError {}

    static var quiet: Logger {
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        return logger
    }

    @Test("Failures back off exponentially up to the cap, and a healthy session resets the backoff")
    func backoffGrowsAndResets() async {
        let clock = RecordingClock()
        let runner = ReconnectRunner(initialBackoff: .seconds(1), maxBackoff: .seconds(8), clock: clock, jitter: { 1 })
        let outcomes = Mutex<[SessionOutcome]>([
            .reconnect(healthy: false, delay: nil), .reconnect(healthy: false, delay: nil), .reconnect(healthy: false, delay: nil),
            .reconnect(healthy: false, delay: nil), .reconnect(healthy: false, delay: nil),
            .reconnect(healthy: true, delay: nil), .reconnect(healthy: false, delay: nil),
            .reconnect(healthy: true, delay: .seconds(3)),
            .stop(reason: "done"),
        ])
        let reason = await runner.run(name: "test", logger: Self.quiet, report: { _ in }) {
            outcomes.withLock { $0.removeFirst() }
        }
        #expect(reason == "done")
        #expect(clock.sleeps == [.seconds(1), .seconds(2), .seconds(4), .seconds(8), .seconds(8), .seconds(1), .seconds(3)])
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
    func finalErrorStops() async {
        let clock = RecordingClock()
        let runner = ReconnectRunner(initialBackoff: .milliseconds(10), maxBackoff: .seconds(1), clock: clock, jitter: { 1 })
        let calls = Mutex(0)
        let reports = Mutex<[SessionHealth]>([])
        struct Network: Error {}
        let reason = await runner.run(name: "test", logger: Self.quiet, report: { health in reports.withLock { $0.append(health) } }) {
            let call = calls.withLock { value -> Int in value += 1; return value }
            if call < 3 { throw Network() }
            throw BadToken()
        }
        #expect(calls.withLock { $0 } == 3)
        #expect(reason.contains("BadToken"))
        #expect(reports.withLock { $0 }.last == .down(reason: reason))
        #expect(reports.withLock { $0 }.filter { if case .reconnecting = $0 { true } else { false } }.count == 2)
    }
}
