/*
 A clock whose time moves only when a test says so.

 Code under test sleeps on it as on any clock; a sleeper wakes when `advance` moves the time to or
 past its deadline, and a cancelled sleeper throws `CancellationError` at once. Because a loop that
 wakes sleeps again from the new time, a test moves one period at a time and, in between, waits
 until the code is asleep again (`waitForSleepers`): then everything due by that time has run.

     let clock = ManualClock()
     let poller = AlertPoller(..., interval: .seconds(15), clock: clock, ...)
     group.addTask { try await poller.run() }
     try await clock.waitForSleepers()      // the first pass ran; the poller waits
     clock.advance(by: .seconds(15))
     try await clock.waitForSleepers()      // the second pass ran
 */
import NexBoardCore
import Synchronization

/// A `Clock` that only moves when `advance` is called. Pass it (or `AnyClock(clock)`) wherever the
/// code under test takes a clock.
public final class ManualClock: Clock, Sendable {
    /// A point on the clock: how long after the clock was made (the instant `AnyClock` counts in).
    public typealias Instant = AnyClock.Instant

    /// Thrown by `waitForSleepers` when the code under test did not go to sleep in time.
    public struct Timeout: Error, CustomStringConvertible {
        public var expected: Int
        public var sleeping: Int
        public var description: String { "expected \(expected) sleeper(s) on the manual clock, found \(sleeping)" }
    }

    private struct Sleeper {
        var deadline: Instant
        var continuation: CheckedContinuation<Void, any Error>
    }

    private struct State {
        var now = Instant(sinceStart: .zero)
        var sleepers: [Int: Sleeper] = [:]
        var nextID = 0
        var requested: [Duration] = []
    }

    private let state = Mutex(State())

    public init() {}

    public var now: Instant { state.withLock { $0.now } }
    public var minimumResolution: Duration { .zero }

    /// How many tasks are asleep on this clock now.
    public var sleepers: Int { state.withLock { $0.sleepers.count } }

    /// Every sleep asked for so far, as the time from then to its deadline, in order.
    public var requestedSleeps: [Duration] { state.withLock { $0.requested } }

    public func sleep(until deadline: Instant, tolerance: Duration? = nil) async throws {
        let id = state.withLock { state in
            state.nextID += 1
            return state.nextID
        }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                // Cancellation is checked under the lock: a cancel either comes before (and is seen
                // here) or after (and finds the sleeper in the table).
                let outcome: Result<Void, any Error>? = state.withLock { state in
                    state.requested.append(state.now.duration(to: deadline))
                    if Task.isCancelled { return .failure(CancellationError()) }
                    if deadline <= state.now { return .success(()) }
                    state.sleepers[id] = Sleeper(deadline: deadline, continuation: continuation)
                    return nil
                }
                if let outcome { continuation.resume(with: outcome) }
            }
        } onCancel: {
            state.withLock { $0.sleepers.removeValue(forKey: id) }?.continuation.resume(throwing: CancellationError())
        }
    }

    /// Moves the time on by `duration` and wakes every sleeper whose deadline it reached, earliest first.
    public func advance(by duration: Duration) {
        advance(to: now.advanced(by: duration))
    }

    /// Moves the time on to `instant` (never back) and wakes every sleeper whose deadline it reached.
    public func advance(to instant: Instant) {
        let due = state.withLock { state -> [Sleeper] in
            state.now = max(state.now, instant)
            let due = state.sleepers.filter { $0.value.deadline <= state.now }
            for id in due.keys { state.sleepers[id] = nil }
            return due.values.sorted { $0.deadline < $1.deadline }
        }
        for sleeper in due { sleeper.continuation.resume() }
    }

    /// Moves the time to the earliest sleeper's deadline and wakes it (and any due with it).
    /// Returns how far the time moved; nil (and no move) when nobody sleeps.
    @discardableResult
    public func advanceToNextDeadline() -> Duration? {
        let (now, next) = state.withLock { ($0.now, $0.sleepers.values.map(\.deadline).min()) }
        guard let next else { return nil }
        advance(to: next)
        return now.duration(to: next)
    }

    /// Waits (in real time, up to `timeout`) until at least `count` tasks sleep on this clock: the
    /// code under test did everything it does before its next wait. With `dueIn`, only sleepers whose
    /// deadline is exactly that far from now count (a loop's next period, as opposed to a request's
    /// deadline that also sleeps on the clock). Throws `Timeout` otherwise.
    public func waitForSleepers(_ count: Int = 1, dueIn: Duration? = nil, timeout: Duration = .seconds(10)) async throws {
        let deadline = ContinuousClock.now + timeout
        func sleeping() -> Int {
            state.withLock { state in
                guard let dueIn else { return state.sleepers.count }
                return state.sleepers.values.filter { state.now.duration(to: $0.deadline) == dueIn }.count
            }
        }
        while sleeping() < count {
            guard ContinuousClock.now < deadline else { throw Timeout(expected: count, sleeping: sleeping()) }
            try await Task.sleep(for: .milliseconds(1))
        }
    }
}
