import Alerting
import Foundation
import Metrics
import NexBoardCore
import Prometheus
import Proxmox
import Store
import WebPage

extension NexBoardApplication {
    /// Registers every family of `MetricFamily.all` on `registry` at start, at zero, so a quiet
    /// service shows them all: per cluster (the poller's requests, errors by kind, poll cycles,
    /// alerts by state and severity), per alert destination configured or subscribed (outbox,
    /// deliveries), per chat platform, per catalog command and outcome, per confirmation outcome,
    /// and `nexboard_build_info`. The process families come with the HTTP page.
    static func registerMetrics(on registry: PrometheusCollectorRegistry, catalog: CommandCatalog, clusters: [String],
                                destinations: [String], platforms: [String]) {
        let factory = NexBoardMetricsFactory(registry: registry)
        func counter(_ family: MetricFamily, _ dimensions: [(String, String)]) {
            _ = Counter(label: family.name, dimensions: dimensions, factory: factory)
        }
        func gauge(_ family: MetricFamily, _ dimensions: [(String, String)], _ value: Double = 0) {
            Gauge(label: family.name, dimensions: dimensions, factory: factory).record(value)
        }
        gauge(.buildInfo, [("version", NexBoardVersion.current)], 1)
        let polled: [ProxmoxEndpoint] = [.version, .clusterResources(type: nil), .clusterStatus, .clusterTasks]
        for cluster in clusters {
            for endpoint in polled {
                _ = Timer(label: MetricFamily.proxmoxRequestDuration.name, dimensions: [("cluster", cluster), ("endpoint", endpoint.template)],
                          factory: factory)
            }
            for kind in MetricFamily.proxmoxErrorKinds { counter(.proxmoxErrors, [("cluster", cluster), ("kind", kind)]) }
            for outcome in MetricFamily.pollOutcomes { counter(.pollCycles, [("cluster", cluster), ("outcome", outcome)]) }
            _ = Timer(label: MetricFamily.pollCycleDuration.name, dimensions: [("cluster", cluster)], factory: factory)
            for state in MetricFamily.alertStates {
                for severity in AlertSeverity.allCases.map(\.rawValue) {
                    gauge(.alerts, [("cluster", cluster), ("state", state), ("severity", severity)])
                }
            }
        }
        for destination in destinations {
            gauge(.outboxPending, [("destination", destination)])
            gauge(.outboxOldestAge, [("destination", destination)])
            for outcome in MetricFamily.deliveryOutcomes { counter(.deliveries, [("destination", destination), ("outcome", outcome)]) }
        }
        for platform in platforms {
            gauge(.chatConnected, [("platform", platform)])
            counter(.chatReconnects, [("platform", platform)])
        }
        for command in catalog.commands.map(\.name) + ["unknown"] {
            for outcome in MetricFamily.commandOutcomes { counter(.commands, [("command", command), ("outcome", outcome)]) }
        }
        for outcome in MetricFamily.confirmationOutcomes { counter(.confirmations, [("outcome", outcome)]) }
    }

    /// The alert destinations known at start: those subscribed and those with outbox rows.
    static func knownDestinations(_ store: NexBoardStore) async throws -> [String] {
        let subscribed = try await store.alerts.subscriptions().map(\.destination)
        let queued = try await store.alerts.outboxDestinations().keys
        return Set(subscribed).union(queued).sorted()
    }
}
