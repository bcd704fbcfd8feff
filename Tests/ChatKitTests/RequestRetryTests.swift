import ChatKit
import Logging
import NexBoardTesting
import Synchronization
import Testing

@Suite("The chat API request retry")
struct RequestRetryTests {
    struct Refused: Error, Equatable {
        var attempts: Int
        var lastProblem: String
    }

    struct NetworkDown: Error {}

    static var quiet: Logger {
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        return logger
    }

    /// What `body` returned or threw.
    static func outcome<T: Sendable>(_ body: () async throws -> T) async -> Result<T, any Error> {
        do { return .success(try await body()) } catch { return .failure(error) }
    }

    @Test("Transient failures back off doubling up to the cap, and the request gives up when the next wait passes the deadline")
    func backoffUntilDeadline() async throws {
        let clock = ManualClock()
        let retry = RequestRetry(clock: clock, initialBackoff: .seconds(1), maxBackoff: .seconds(4))
        async let outcome = Self.outcome {
            try await retry.run(until: .seconds(14), logger: Self.quiet, gaveUp: Refused.init) { () async throws -> RequestAttempt<String> in
                .failed(problem: "HTTP 503")
            }
        }
        // 1 + 2 + 4 + 4 = 11 s; the next 4 s would end at 15 s, past the deadline.
        for _ in 1...4 {
            try await clock.waitForSleepers()
            clock.advanceToNextDeadline()
        }
        let result = await outcome
        #expect(throws: Refused(attempts: 5, lastProblem: "HTTP 503")) { try result.get() }
        #expect(clock.requestedSleeps == [.seconds(1), .seconds(2), .seconds(4), .seconds(4)])
    }

    @Test("A thrown network failure is retried, a rate limit is sent again at once, and the platform's own error ends the request")
    func outcomes() async throws {
        let clock = ManualClock()
        let retry = RequestRetry(clock: clock, initialBackoff: .seconds(1))
        let attempts = Mutex(0)
        async let outcome = Self.outcome {
            try await retry.run(until: .seconds(60), logger: Self.quiet, gaveUp: Refused.init) { () async throws -> RequestAttempt<String> in
                switch attempts.withLock({ $0 += 1; return $0 }) {
                case 1: throw NetworkDown()
                case 2: return .rateLimited(retryAfter: .seconds(5), problem: "429")
                case 3: return .done("answer")
                default: throw Refused(attempts: 0, lastProblem: "unexpected")
                }
            }
        }
        try await clock.waitForSleepers()
        clock.advanceToNextDeadline()
        #expect(try await outcome.get() == "answer")
        // Only the network failure's backoff: the caller's gate waits out the rate limit.
        #expect(clock.requestedSleeps == [.seconds(1)])
        let refused = await #expect(throws: Refused.self) {
            try await retry.run(until: .seconds(60), logger: Self.quiet, gaveUp: Refused.init) { () async throws -> RequestAttempt<String> in
                throw Refused(attempts: 0, lastProblem: "400")
            }
        }
        #expect(refused?.lastProblem == "400")
    }

    @Test("A rate limit whose wait passes the deadline gives up at once")
    func rateLimitPastDeadline() async throws {
        let retry = RequestRetry(clock: ManualClock())
        await #expect(throws: Refused(attempts: 1, lastProblem: "429 for 90s")) {
            try await retry.run(until: .seconds(60), logger: Self.quiet, gaveUp: Refused.init) { () async throws -> RequestAttempt<String> in
                .rateLimited(retryAfter: .seconds(90), problem: "429 for 90s")
            }
        }
    }
}
