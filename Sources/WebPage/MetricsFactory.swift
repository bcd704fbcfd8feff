import Prometheus

/// The metrics factory the application bootstraps `MetricsSystem` with, over the registry that
/// `/metrics` exposes.
public func makeMetricsFactory(registry: PrometheusCollectorRegistry) -> PrometheusMetricsFactory {
    PrometheusMetricsFactory(registry: registry)
}
