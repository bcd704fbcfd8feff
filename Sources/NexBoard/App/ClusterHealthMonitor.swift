import Logging
import NexBoardCore
import ServiceLifecycle
import WebPage

/// Asks each cluster for its version every `interval` (on `clock`) and reports it on `/healthz` as
/// `cluster:<name>`.
struct ClusterHealthMonitor: Service {
    let clusters: ClusterRegistry
    let health: HealthRegistry
    let clock: AnyClock
    let logger: Logger
    var interval: Duration = .seconds(30)

    func run() async throws {
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            await withTaskGroup(of: Void.self) { group in
                for cluster in clusters.clusters {
                    group.addTask { await check(cluster) }
                }
            }
            try? await cancelWhenGracefulShutdown { try await clock.sleep(for: interval) }
        }
    }

    private func check(_ cluster: ClusterHandle) async {
        do {
            let version = try await cluster.client.version()
            await health.report("cluster:\(cluster.name)", .ok, detail: "Proxmox VE \(version.version)")
        } catch {
            logger.warning("Cluster health check failed", metadata: ["cluster": "\(cluster.name)", "error": "\(error)"])
            await health.report("cluster:\(cluster.name)", .down, detail: (error as? any UserFacingError)?.userMessage ?? "unreachable")
        }
    }
}
