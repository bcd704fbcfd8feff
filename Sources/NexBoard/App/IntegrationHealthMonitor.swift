import Integrations
import Logging
import NexBoardCore
import ServiceLifecycle
import WebPage

/// Reads each homelab service every `interval` (on `clock`) and reports it on `/healthz` as
/// `integration:<key>` (`integration:pihole`): ok with its product, degraded with the reason a user
/// may read while it does not answer (NexBoard itself still works, so never down).
struct IntegrationHealthMonitor: Service {
    let homelab: HomelabServices
    let health: HealthRegistry
    let clock: AnyClock
    let logger: Logger
    var interval: Duration = .seconds(30)

    /// The `/healthz` component of the integration configured under `key`.
    static func component(_ key: String) -> String { "integration:\(key)" }

    func run() async throws {
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            await withTaskGroup(of: Void.self) { group in
                for named in homelab.dnsFilters {
                    group.addTask { await check(named.key) { try await named.filter.status(logger: logger).product } }
                }
                if let firewall = homelab.firewall {
                    group.addTask { await check("pfsense") { try await firewall.status(logger: logger).product } }
                }
                if let proxy = homelab.proxy {
                    group.addTask { await check("npm") { "\(try await proxy.proxyHosts(logger: logger).count) proxy hosts" } }
                }
            }
            try? await cancelWhenGracefulShutdown { try await clock.sleep(for: interval) }
        }
    }

    private func check(_ key: String, _ read: @Sendable () async throws -> String) async {
        do {
            await health.report(Self.component(key), .ok, detail: try await read())
        } catch {
            logger.warning("Integration health check failed", metadata: ["integration": "\(key)", "error": "\(error)"])
            await health.report(Self.component(key), .degraded, detail: (error as? any UserFacingError)?.userMessage ?? "unreachable")
        }
    }
}
