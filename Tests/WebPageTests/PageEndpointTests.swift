import Hummingbird
import Prometheus
import Testing
import WebPage

@Suite("GET /metrics, / and the rest")
struct PageEndpointTests {
    @Test("metrics exposes a counter created through the registry as Prometheus text")
    func metricsExposeCounter() async throws {
        let registry = PrometheusCollectorRegistry()
        let counter = registry.makeCounter(
            descriptor: MetricNameDescriptor(namespace: "nexboard", metricName: "commands", unitName: "total", helpText: "Commands run"),
            labels: [("platform", "console")])
        counter.increment(by: Int64(3))
        try await withRunningServer(metrics: registry) { port in
            let page = try await fetch("/metrics", port: port)
            #expect(page.status == 200)
            #expect(page.contentType == "text/plain; version=0.0.4")
            #expect(page.body.contains("# TYPE nexboard_commands_total counter"))
            #expect(page.body.contains(#"nexboard_commands_total{platform="console"} 3"#))
        }
    }

    @Test("metrics recorded through the swift-metrics factory appear too")
    func metricsThroughFactory() async throws {
        let registry = PrometheusCollectorRegistry()
        let factory = makeMetricsFactory(registry: registry)
        let handler = factory.makeCounter(label: "nexboard_alerts_sent_total", dimensions: [])
        handler.increment(by: 2)
        try await withRunningServer(metrics: registry) { port in
            let page = try await fetch("/metrics", port: port)
            #expect(page.body.contains("nexboard_alerts_sent_total 2"))
        }
    }

    @Test("the home page says NexBoard is running and links to health and metrics")
    func homePage() async throws {
        try await withRunningServer { port in
            let page = try await fetch("/", port: port)
            #expect(page.status == 200)
            #expect(page.contentType == "text/html; charset=utf-8")
            #expect(page.body.contains("NexBoard is running"))
            #expect(page.body.contains(#"href="healthz""#))
            #expect(page.body.contains(#"href="metrics""#))
        }
    }

    @Test("an unknown path answers 404")
    func unknownPath() async throws {
        try await withRunningServer { port in
            let unknown = try await fetch("/nope", port: port)
            #expect(unknown.status == 404)
            let belowHealth = try await fetch("/healthz/extra", port: port)
            #expect(belowHealth.status == 404)
        }
    }

    @Test("routes added through extraRoutes are served next to the built-in ones")
    func extraRoutes() async throws {
        try await withRunningServer(extraRoutes: { router in
            router.get("/console/:token") { _, context in
                "console \(context.parameters.get("token") ?? "")"
            }
        }) { port in
            let page = try await fetch("/console/abc", port: port)
            #expect(page.status == 200)
            #expect(page.body == "console abc")
            let health = try await fetch("/healthz", port: port)
            #expect(health.status == 200)
        }
    }
}
