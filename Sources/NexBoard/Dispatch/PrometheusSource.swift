import Integrations

/// The configured Prometheus and the PromQL for each metric (`monitor query`).
struct PrometheusSource: Sendable {
    let client: PrometheusClient
    let queries: PVEExporterQueries
}
