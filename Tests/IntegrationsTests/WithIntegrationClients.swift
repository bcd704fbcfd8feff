import Integrations
import Logging

/// Runs `body` with fresh integration HTTP clients, then shuts them down and stops the simulated
/// service the test started (`stop`), also when `body` throws: what each client suite's `withX` does.
func withIntegrationClients(logger: Logger, stopping stop: () async -> Void,
                            _ body: (IntegrationHTTPClients) async throws -> Void) async throws {
    let clients = IntegrationHTTPClients(logger: logger)
    do {
        try await body(clients)
    } catch {
        await clients.shutdown()
        await stop()
        throw error
    }
    await clients.shutdown()
    await stop()
}
