/*
 Retrying one chat API request until its deadline, shared by the platforms' HTTP clients.

 Each attempt reports what it came to. A rate limit is sent again once the platform's own
 bookkeeping (Discord's buckets, Slack's gate, waited at the start of the next attempt) lets it,
 unless the server-given wait already passes the deadline. A transient failure (a 5xx answer, or any
 error the attempt throws that is not the platform's own) is sent again after a backoff that
 doubles up to a cap, unless that backoff passes the deadline. The platform's own errors (a
 refusal, the give-up it is handed) and cancellation end the request at once.
 */
import Logging
import NexBoardCore

/// What one attempt of a chat API request came to.
public enum RequestAttempt<Value: Sendable>: Sendable {
    /// The answer: the request is done.
    case done(Value)
    /// The platform limited the request for `retryAfter`; the caller's rate-limit bookkeeping waits
    /// it out before the next attempt. `problem` is what the give-up reports if it comes to that.
    case rateLimited(retryAfter: Duration, problem: String)
    /// A transient failure (a 5xx answer): sent again after the backoff.
    case failed(problem: String)
}

/// The retry schedule of a chat platform's HTTP client, on the client's injected clock.
public struct RequestRetry: Sendable {
    public let initialBackoff: Duration
    public let maxBackoff: Duration
    /// Time on the clock since this value was made: deadlines are points on this scale.
    public let now: @Sendable () -> Duration
    /// Sleeps on the clock (rate-limit waits and backoff).
    public let sleep: @Sendable (Duration) async throws -> Void

    /// - Parameter clock: what `now` reads and the waits sleep on (tests pass a manual clock).
    public init<C: Clock>(clock: C, initialBackoff: Duration = .milliseconds(250), maxBackoff: Duration = .seconds(30))
    where C.Duration == Duration {
        self.initialBackoff = initialBackoff
        self.maxBackoff = maxBackoff
        let origin = clock.now
        self.now = { origin.duration(to: clock.now) }
        self.sleep = { try await clock.sleep(for: $0) }
    }

    /// Runs `attempt` until it is done, or until the next wait would pass `deadline` (on `now`'s
    /// scale): then throws `gaveUp(attempts, lastProblem)`. Errors of that type thrown by `attempt`
    /// (the platform's refusals) and cancellation are thrown at once; any other error counts as a
    /// transient failure.
    public func run<Value: Sendable, Failure: Error>(
        until deadline: Duration, logger: Logger, gaveUp: (_ attempts: Int, _ lastProblem: String) -> Failure,
        attempt: () async throws -> RequestAttempt<Value>
    ) async throws -> Value {
        var attempts = 0
        var backoff = initialBackoff
        var lastProblem = "none"
        while true {
            attempts += 1
            do {
                switch try await attempt() {
                case let .done(value):
                    return value
                case let .rateLimited(retryAfter, problem):
                    lastProblem = problem
                    if now() + retryAfter > deadline { throw gaveUp(attempts, lastProblem) }
                    continue
                case let .failed(problem):
                    lastProblem = problem
                }
            } catch let error as Failure {
                throw error
            } catch is CancellationError {
                throw CancellationError()
            } catch {
                lastProblem = "\(error)"
            }
            if now() + backoff > deadline {
                logger.warning("Chat API request failed until its deadline", metadata: ["attempts": "\(attempts)", "problem": "\(lastProblem)"])
                throw gaveUp(attempts, lastProblem)
            }
            logger.info("Chat API request failed; retrying", metadata: ["problem": "\(lastProblem)", "backoff_ms": "\(backoff.wholeMilliseconds)"])
            try await sleep(backoff)
            backoff = min(backoff * 2, maxBackoff)
        }
    }
}
