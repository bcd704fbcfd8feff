import Foundation
import Logging
import ServiceLifecycle

/// NexBoard's version, shown by `nexboard version` and on the HTTP page.
public enum NexBoardVersion {
    public static let current = "0.1.0"
}

/// Runs a built application: every service in one group until SIGTERM or SIGINT (or, in the demo,
/// until the console's chat ends), shutting down gracefully in reverse order.
public enum NexBoardRunner {
    public static func run(_ app: NexBoardApplication, logger: Logger) async throws {
        let group = ServiceGroup(configuration: .init(
            services: app.serviceConfigurations, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        do {
            try await group.run()
        } catch {
            await app.shutdown()
            throw error
        }
        await app.shutdown()
    }
}
