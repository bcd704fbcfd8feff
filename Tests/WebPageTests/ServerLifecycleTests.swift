import Logging
import Prometheus
import ServiceLifecycle
import Testing
import WebPage

@Suite("Server lifecycle")
struct ServerLifecycleTests {
    private func makeServer(port: Int = 0) -> WebPageServer {
        WebPageServer(
            configuration: WebPageConfiguration(host: "127.0.0.1", port: port),
            health: HealthRegistry(), metrics: PrometheusCollectorRegistry(), logger: quietLogger)
    }

    @Test("graceful shutdown of the service group stops the server and closes the port")
    func gracefulShutdown() async throws {
        let server = makeServer()
        let group = ServiceGroup(configuration: .init(services: [server], logger: quietLogger))
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            let port = await server.boundPort()
            #expect(port > 0)
            let before = try await fetch("/healthz", port: port)
            #expect(before.status == 200)
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
            #expect(await canConnect(port: port) == false)
        }
    }

    @Test("cancelling the task running the server stops it")
    func cancellation() async throws {
        let server = makeServer()
        let running = Task { try await server.run() }
        let port = await server.boundPort()
        let before = try await fetch("/", port: port)
        #expect(before.status == 200)
        running.cancel()
        _ = await running.result
        #expect(await canConnect(port: port) == false)
    }

    @Test("a port already in use makes run throw and boundPort answer 0")
    func portInUse() async throws {
        try await withRunningServer { port in
            let second = makeServer(port: port)
            await #expect(throws: (any Error).self) {
                try await second.run()
            }
            #expect(await second.boundPort() == 0)
        }
    }
}
