import IntegrationSimulators
import ServiceLifecycle

/// A simulated homelab service (`simulator:` under `integrations`) as a Service: it listens from
/// `build` on, since its address goes into the service's client, and stops when NexBoard shuts down.
struct EmbeddedServiceSimulator: Service {
    let server: SimulatedServiceServer

    func run() async throws {
        try? await gracefulShutdown()
        await server.stop()
    }
}
