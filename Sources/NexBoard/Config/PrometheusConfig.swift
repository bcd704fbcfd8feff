import Integrations

/// `prometheus`: where Prometheus is (with prometheus-pve-exporter scraping the clusters) and the
/// PromQL for each metric. Absent: graphs come from Proxmox's own history and `monitor query` is
/// unavailable.
public struct PrometheusConfig: Sendable, Equatable {
    public var connection: PrometheusConfiguration
    /// The queries for cpu, memory, disk and network (`prometheus.queries`), the exporter's by default.
    public var queries: PVEExporterQueries

    public init(connection: PrometheusConfiguration, queries: PVEExporterQueries = .standard) {
        self.connection = connection
        self.queries = queries
    }
}
