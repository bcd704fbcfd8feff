import Foundation
import Logging
import ServiceLifecycle
import Store
import WebPage

/// Keeps an eye on the database for `/healthz` and keeps it small.
///
/// Every `checkInterval` it writes a probe row (`NexBoardStore.checkWritable`: a read would succeed
/// on a full or read-only database) and reports `store` ok, or down with what is wrong ("the
/// database is full"). About once an hour it deletes audit entries older than `audit.retention`
/// and confirmations that expired more than a day ago (a later press of their buttons answers
/// "not found" instead of "expired").
struct StoreMaintenance<C: Clock>: Service where C.Duration == Duration {
    let store: NexBoardStore
    let health: HealthRegistry
    let clock: C
    let now: @Sendable () -> Date
    let logger: Logger
    /// How long audit entries are kept.
    var retention: Duration
    var checkInterval: Duration = .seconds(30)
    var pruneInterval: Duration = .seconds(3600)
    /// How long an expired confirmation is kept, so a late press still reads "expired".
    var expiredConfirmationsKept: TimeInterval = 86_400

    func run() async throws {
        var lastPrune: C.Instant?
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            await check()
            if lastPrune.map({ $0.duration(to: clock.now) >= pruneInterval }) ?? true {
                lastPrune = clock.now
                await prune()
            }
            try? await cancelWhenGracefulShutdown { try await clock.sleep(for: checkInterval) }
        }
    }

    /// Probes the database with a write and reports the result as `store`.
    func check() async {
        do {
            try await store.checkWritable()
            await health.report("store", .ok)
        } catch {
            logger.error("The database cannot be written", metadata: ["error": "\(error)"])
            await health.report("store", .down, detail: (error as? StoreError)?.description ?? "the database cannot be written")
        }
    }

    /// Deletes audit entries past the retention and long-expired confirmations; a failure is logged
    /// and left to the next round (the write probe reports a database that cannot be written).
    func prune() async {
        let time = now()
        do {
            let audit = try await store.audit.prune(before: time.addingTimeInterval(-retention.timeInterval))
            let confirmations = try await store.confirmations.pruneExpired(now: time.addingTimeInterval(-expiredConfirmationsKept))
            if audit + confirmations > 0 {
                logger.info("Pruned the database", metadata: [
                    "store.audit.deleted": "\(audit)", "store.confirmations.deleted": "\(confirmations)",
                ])
            }
        } catch {
            logger.warning("Could not prune the database", metadata: ["error": "\(error)"])
        }
    }
}
