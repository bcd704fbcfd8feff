import Hummingbird
import HummingbirdWebSocket
import Logging
import NIOCore
import Prometheus
import ServiceLifecycle

/// NexBoard's HTTP page: `/` (a short page), `/healthz` and `/metrics`, plus whatever routes other
/// modules add through `extraRoutes` (console links and their WebSocket proxy, inbound webhooks).
///
/// A swift-service-lifecycle `Service`: `run()` serves until graceful shutdown (or cancellation).
/// Run it once.
public final class WebPageServer: Service {
    let configuration: WebPageConfiguration
    let health: HealthRegistry
    let metrics: PrometheusCollectorRegistry
    let processMetrics: ProcessMetrics
    let logger: Logger
    let extraRoutes: @Sendable (Router<WebPageRequestContext>) -> Void
    private let listeningPort = ListeningPort()
    /// The largest WebSocket frame a browser may send (a console's input is small; a pasted
    /// clipboard is the largest); it also bounds what one connection buffers.
    public static let maxWebSocketFrame = 256 * 1024

    /// - Parameters:
    ///   - health: read by `/healthz`.
    ///   - metrics: exposed by `/metrics` with the process_* families (read at each request); the
    ///     application bootstraps `MetricsSystem` over the same registry.
    ///   - extraRoutes: called once with the router before the server starts, to add routes.
    public init(
        configuration: WebPageConfiguration,
        health: HealthRegistry,
        metrics: PrometheusCollectorRegistry,
        logger: Logger,
        extraRoutes: @escaping @Sendable (Router<WebPageRequestContext>) -> Void = { _ in }
    ) {
        self.configuration = configuration
        self.health = health
        self.metrics = metrics
        self.processMetrics = ProcessMetrics(registry: metrics)
        self.logger = logger
        self.extraRoutes = extraRoutes
    }

    /// Serves until graceful shutdown or cancellation.
    public func run() async throws {
        let router = makeRouter()
        extraRoutes(router)
        let listeningPort = self.listeningPort
        let logger = self.logger
        // The same router answers WebSocket upgrades (`router.ws`, the console proxy) and plain requests.
        let application = Application(
            router: router,
            server: .http1WebSocketUpgrade(webSocketRouter: router, configuration: .init(ws: .init(maxFrameSize: Self.maxWebSocketFrame))),
            configuration: ApplicationConfiguration(
                address: .hostname(configuration.host, port: configuration.port),
                serverName: "NexBoard"
            ),
            onServerRunning: { channel in
                let port = channel.localAddress?.port ?? 0
                logger.info("Web page listening", metadata: ["http.port": "\(port)"])
                await listeningPort.listening(on: port)
            },
            logger: logger
        )
        do {
            try await application.run()
        } catch {
            await listeningPort.stop()
            throw error
        }
        await listeningPort.stop()
    }

    /// For tests and the demo: the port actually bound (when port 0). Await until listening.
    ///
    /// Returns 0 if the server stopped without ever listening (for example, the port was taken).
    public func boundPort() async -> Int {
        await listeningPort.wait()
    }
}
