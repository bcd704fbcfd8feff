import Foundation
import Logging
import ServiceLifecycle

/// Polls one cluster on an interval and hands each snapshot (or the failure to get one) to the
/// alert center. A cluster that does not answer is not an error here: it becomes an alert.
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
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            await pollOnce()
            try? await cancelWhenGracefulShutdown { try await clock.sleep(for: interval) }
        }
    }

    /// One poll and one cycle; errors are logged, never thrown (the loop goes on).
    public func pollOnce() async {
        var snapshot: ClusterSnapshot?
        do {
            snapshot = try await fetch()
        } catch is CancellationError {
            return
        } catch {
            logger.warning("Alert poll could not read the cluster", metadata: ["cluster": "\(cluster)", "error": "\(error)"])
        }
        do {
            try await center.cycle(cluster: cluster, snapshot: snapshot)
            await report?(nil)
        } catch {
            logger.error("Alert cycle failed", metadata: ["cluster": "\(cluster)", "error": "\(error)"])
            await report?(error)
        }
    }
}
