/*
 The one clock NexBoard waits on, whatever clock it wraps.

 Everything with a duration (task following, the Proxmox deadline, polling intervals, backoff,
 Discord's heartbeat) takes the application's clock, so a test can move time by hand. Swift's
 `Clock` has an associated `Instant`, which makes a stored `any Clock` awkward to use; `AnyClock`
 wraps a clock once and is itself a `Clock` whose instants are the time since it was wrapped. It
 passes where a generic `some Clock<Duration>` is expected and stores as a plain value.
 Wall-clock dates ("5 min ago", audit times) are not time in this sense: they come from a
 `() -> Date` of their own.
 */

/// A `Clock` that wraps another one (a `ContinuousClock` in production, a manual clock in tests).
///
/// Its instants count from the moment it was made; instants of two different `AnyClock`s are not
/// comparable, so the application makes one and passes it on.
public struct AnyClock: Clock {
    /// A point in time: how long after the clock was wrapped.
    public struct Instant: InstantProtocol {
        public var sinceStart: Duration

        public init(sinceStart: Duration) {
            self.sinceStart = sinceStart
        }

        public func advanced(by duration: Duration) -> Instant { Instant(sinceStart: sinceStart + duration) }
        public func duration(to other: Instant) -> Duration { other.sinceStart - sinceStart }
        public static func < (lhs: Instant, rhs: Instant) -> Bool { lhs.sinceStart < rhs.sinceStart }
    }

    private let elapsed: @Sendable () -> Duration
    private let sleepUntil: @Sendable (_ sinceStart: Duration, _ tolerance: Duration?) async throws -> Void
    public let minimumResolution: Duration

    /// Wraps `clock`; wrapping an `AnyClock` returns it unchanged.
    public init<C: Clock>(_ clock: C) where C.Duration == Duration {
        if let wrapped = clock as? AnyClock {
            self = wrapped
            return
        }
        let start = clock.now
        elapsed = { start.duration(to: clock.now) }
        sleepUntil = { try await clock.sleep(until: start.advanced(by: $0), tolerance: $1) }
        minimumResolution = clock.minimumResolution
    }

    /// The system's `ContinuousClock`, which keeps counting while the machine sleeps.
    public static var continuous: AnyClock { AnyClock(ContinuousClock()) }

    public var now: Instant { Instant(sinceStart: elapsed()) }

    public func sleep(until deadline: Instant, tolerance: Duration? = nil) async throws {
        try await sleepUntil(deadline.sinceStart, tolerance)
    }
}
