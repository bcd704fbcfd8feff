import Hummingbird
import Logging
import Prometheus
import ServiceLifecycle
import WebPage

/// Serves the HTTP page with `routes` on 127.0.0.1 (`port`, by default a free one) while `body` runs
/// with the port, then stops it gracefully, also when `body` throws.
func withWebPage(configuration: WebPageConfiguration = WebPageConfiguration(), routes: @escaping @Sendable (Router<WebPageRequestContext>) -> Void,
                 logger: Logger, port: Int = 0, _ body: (Int) async throws -> Void) async throws {
    var configuration = configuration
    configuration.host = "127.0.0.1"
    configuration.port = port
    let server = WebPageServer(
        configuration: configuration, health: HealthRegistry(),
        metrics: PrometheusCollectorRegistry(), logger: logger, extraRoutes: routes)
    let group = ServiceGroup(configuration: .init(services: [server], logger: logger))
    try await withThrowingTaskGroup(of: Void.self) { tasks in
        tasks.addTask { try await group.run() }
        let port = await server.boundPort()
        do {
            try await body(port)
        } catch {
            await group.triggerGracefulShutdown()
            throw error
        }
        await group.triggerGracefulShutdown()
        try await tasks.waitForAll()
    }
}
