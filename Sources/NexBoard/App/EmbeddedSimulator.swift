import ChatKit
import ProxmoxSimulator
import ServiceLifecycle
import Synchronization

/// An embedded simulated cluster (the demo, `simulator:` clusters) as a Service: it listens from
/// `build` on, since its address goes into the cluster's client, and stops when NexBoard shuts down.
struct EmbeddedSimulator: Service {
    let server: ProxmoxSimulatorServer

    func run() async throws {
        try? await gracefulShutdown()
        await server.stop()
    }
}

/// The HTTP routes of the chat platforms, known once the platforms are made and read when the HTTP
/// page starts.
final class ChatRoutes: Sendable {
    private let routes = Mutex<[ChatHTTPRoute]>([])

    func set(_ routes: [ChatHTTPRoute]) {
        self.routes.withLock { $0 = routes }
    }

    var all: [ChatHTTPRoute] {
        routes.withLock { $0 }
    }
}
