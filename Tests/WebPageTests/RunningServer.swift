import AsyncHTTPClient
import Hummingbird
import Logging
import NexBoardCore
import NIOCore
import NIOPosix
import Prometheus
import ServiceLifecycle
import WebPage

/// A logger that drops everything, for tests.
let quietLogger = Logger(label: "nexboard.tests.webpage", factory: { _ in SwiftLogNoOpLogHandler() })

/// Runs a `WebPageServer` on 127.0.0.1, port 0, inside a `ServiceGroup`; calls `body` with the bound
/// port, then shuts the group down gracefully and waits for it.
func withRunningServer(
    health: HealthRegistry = HealthRegistry(),
    healthToken: Secret? = nil,
    metrics: PrometheusCollectorRegistry = PrometheusCollectorRegistry(),
    extraRoutes: @escaping @Sendable (Router<WebPageRequestContext>) -> Void = { _ in },
    _ body: (Int) async throws -> Void
) async throws {
    let server = WebPageServer(
        configuration: WebPageConfiguration(host: "127.0.0.1", port: 0, healthToken: healthToken),
        health: health, metrics: metrics, logger: quietLogger, extraRoutes: extraRoutes)
    let group = ServiceGroup(configuration: .init(services: [server], logger: quietLogger))
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

/// A response with its whole body as text.
struct FetchedPage {
    var status: Int
    var contentType: String?
    var body: String
}

/// GET `path` from 127.0.0.1:`port`, with extra request `headers`.
func fetch(_ path: String, port: Int, headers: [(String, String)] = []) async throws -> FetchedPage {
    var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)\(path)")
    for (name, value) in headers { request.headers.add(name: name, value: value) }
    let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
    let body = try await response.body.collect(upTo: 1 << 20)
    return FetchedPage(
        status: Int(response.status.code),
        contentType: response.headers.first(name: "content-type"),
        body: String(buffer: body)
    )
}

/// Whether a plain TCP connection to 127.0.0.1:`port` succeeds (no retries, unlike HTTPClient).
func canConnect(port: Int) async -> Bool {
    do {
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connectTimeout(.seconds(2))
            .connect(host: "127.0.0.1", port: port)
            .get()
        try? await channel.close()
        return true
    } catch {
        return false
    }
}
