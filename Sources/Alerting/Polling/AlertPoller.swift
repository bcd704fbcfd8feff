import Foundation
import Logging
import Metrics
import NexBoardCore
import ServiceLifecycle

/// Polls one cluster on a period and hands each snapshot (or the failure to get one) to the
/// alert center. A cluster that does not answer is not an error here: it becomes an alert.
///
/// Cycles start every `interval` from the first (a 15 s interval is a cycle at 0, 15, 30 s…,
/// however long each takes). A cycle that overruns skips the ticks it missed: the next one starts
/// at the next tick still ahead, never several back to back.
public struct AlertPoller<C: Clock>: Service where C.Duration == Duration {
    public let cluster: String
    private let fetch: @Sendable () async throws -> ClusterSnapshot
    private let center: AlertCenter
    private let interval: Duration
    private let clock: C
    private let logger: Logger
    /// Told after every cycle: nil when it was saved, else why not (for the health page). An
    /// unreachable cluster is a saved cycle: it raises its own alert.
    public var report: (@Sendable (_ failure: (any Error)?) async -> Void)?

    public init(cluster: String, interval: Duration, clock: C, center: AlertCenter, logger: Logger,
                fetch: @escaping @Sendable () async throws -> ClusterSnapshot) {
        self.cluster = cluster
        self.fetch = fetch
        self.center = center
        self.interval = interval
        self.clock = clock
        self.logger = logger
    }

    public func run() async throws {
        // A graceful shutdown interrupts the wait between passes, never a pass itself.
        var tick = clock.now
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            await pollOnce()
            tick = Self.nextTick(after: tick, interval: interval, now: clock.now)
            try? await cancelWhenGracefulShutdown { [clock, tick] in try await clock.sleep(until: tick, tolerance: nil) }
        }
    }

    /// The first tick of the period after `tick` that is not behind `now`.
    static func nextTick(after tick: C.Instant, interval: Duration, now: C.Instant) -> C.Instant {
        let next = tick.advanced(by: interval)
        guard interval > .zero, now > next else { return next }
        let missed = Int((next.duration(to: now) / interval).rounded(.up))
        return next.advanced(by: interval * missed)
    }

    /// One poll and one cycle; errors are logged, never thrown (the loop goes on). Counted in
    /// `nexboard_poll_cycles_total` and timed in `nexboard_poll_cycle_duration_seconds`.
    public func pollOnce() async {
        let started = clock.now
        var snapshot: ClusterSnapshot?
        do {
            snapshot = try await fetch()
        } catch is CancellationError {
            return
        } catch {
            logger.warning("Alert poll could not read the cluster", metadata: ["cluster": "\(cluster)", "error": "\(error)"])
        }
        let outcome: String
        do {
            try await center.cycle(cluster: cluster, snapshot: snapshot)
            outcome = snapshot == nil ? "unreachable" : "ok"
            await report?(nil)
        } catch {
            outcome = "failed"
            logger.error("Alert cycle failed", metadata: ["cluster": "\(cluster)", "error": "\(error)"])
            await report?(error)
        }
        Counter(label: MetricFamily.pollCycles.name, dimensions: [("cluster", cluster), ("outcome", outcome)]).increment()
        let elapsed = started.duration(to: clock.now)
        Timer(label: MetricFamily.pollCycleDuration.name, dimensions: [("cluster", cluster)])
            .recordNanoseconds(elapsed.components.seconds * 1_000_000_000 + elapsed.components.attoseconds / 1_000_000_000)
    }
}
