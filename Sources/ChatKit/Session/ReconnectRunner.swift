/*
 Runs "connect and serve one session until it drops" again and again.

 Between sessions it waits an exponential backoff with full jitter, capped; a session that was
 healthy (it was established: Discord's READY or RESUMED, Slack's hello) resets the backoff, and a
 session may ask for an immediate reconnect or a specific delay (Discord's op 7 and op 9). A session
 that ends with `.stop` or throws a `FinalSessionError` ends the runner: the platform is reported
 down and the other platforms keep running. `.finished` ends it quietly (the console's input
 ended). Any other thrown error counts as a network failure and is retried.
 */
import Logging

/// How one session ended.
public enum SessionOutcome: Sendable, Equatable {
    /// Connect again. `healthy`: the session was established, so the backoff starts over.
    /// `delay`: wait exactly this long instead of the backoff (nil: the backoff; zero: at once).
    case reconnect(healthy: Bool, delay: Duration?)
    /// Do not reconnect (a bad token, intents the platform refuses); `reason` is logged and reported.
    case stop(reason: String)
    /// The platform has nothing more to serve (the console's input ended): no reconnect, no alarm.
    case finished
}

/// A session failure that reconnecting cannot fix.
public protocol FinalSessionError: Error {}

/// What the runner reports about the platform's health.
public enum SessionHealth: Sendable, Equatable {
    case up
    /// Up, with something worth showing beside it (Matrix: rooms it cannot read).
    case upNoting(String)
    case reconnecting(attempt: Int)
    case down(reason: String)
}

/// Reconnects a platform session with exponential backoff, jitter and a cap.
public struct ReconnectRunner: Sendable {
    public var initialBackoff: Duration
    public var maxBackoff: Duration
    private let sleep: @Sendable (Duration) async throws -> Void
    private let jitter: @Sendable () -> Double

    /// - Parameters:
    ///   - clock: what the waits sleep on (tests pass a fast or manual clock).
    ///   - jitter: a random number in 0...1 (tests pass a constant).
    public init<C: Clock>(initialBackoff: Duration = .seconds(1), maxBackoff: Duration = .seconds(60), clock: C = ContinuousClock(),
                          jitter: @escaping @Sendable () -> Double = { Double.random(in: 0...1) }) where C.Duration == Duration {
        self.initialBackoff = initialBackoff
        self.maxBackoff = maxBackoff
        self.sleep = { try await clock.sleep(for: $0) }
        self.jitter = jitter
    }

    /// The wait before reconnect attempt `failures` (1 = first failure): full jitter over
    /// `initial × 2^(failures-1)`, capped at `maxBackoff`, never below a tenth of the initial backoff.
    public func backoff(afterFailures failures: Int) -> Duration {
        let exponent = min(max(failures - 1, 0), 30)
        let ceiling = min(initialBackoff * (1 << exponent), maxBackoff)
        return max(ceiling * min(max(jitter(), 0), 1), initialBackoff / 10)
    }

    /// Runs sessions until one says stop, throws a `FinalSessionError`, or the task is cancelled.
    /// Returns the reason it stopped.
    @discardableResult
    public func run(name: String, logger: Logger, report: @Sendable (SessionHealth) async -> Void,
                    session: @Sendable () async throws -> SessionOutcome) async -> String {
        var failures = 0
        while !Task.isCancelled {
            let outcome: SessionOutcome
            do {
                outcome = try await session()
            } catch let error as any FinalSessionError {
                outcome = .stop(reason: "\(error)")
            } catch {
                if Task.isCancelled { break }
                logger.warning("Chat session failed", metadata: ["platform": "\(name)", "error": "\(error)"])
                outcome = .reconnect(healthy: false, delay: nil)
            }
            let wait: Duration
            switch outcome {
            case .stop(let reason):
                logger.error("Chat platform stopped and will not reconnect", metadata: ["platform": "\(name)", "reason": "\(reason)"])
                await report(.down(reason: reason))
                return reason
            case .finished:
                return "finished"
            case .reconnect(let healthy, let delay):
                failures = healthy ? 0 : failures + 1
                wait = delay ?? (failures == 0 ? .zero : backoff(afterFailures: failures))
            }
            await report(.reconnecting(attempt: failures + 1))
            logger.info("Chat session ended; reconnecting", metadata: [
                "platform": "\(name)", "failures": "\(failures)", "wait_ms": "\(wait.wholeMilliseconds)",
            ])
            if wait > .zero {
                do { try await sleep(wait) } catch { break }
            }
        }
        return "cancelled"
    }
}
