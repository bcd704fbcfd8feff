import Alerting
import ChatConsole
import Foundation
import Logging
import NexBoardCore
import ServiceLifecycle

/// NexBoard's version, shown by `nexboard version` and on the HTTP page.
public enum NexBoardVersion {
    public static let current = "0.1.0"
}

/// Runs a built application: as a service until SIGTERM/SIGINT, or as the demo with the console chat.
public enum NexBoardRunner {
    /// `nexboard run`: every service in one group; SIGTERM or SIGINT shuts down gracefully, in reverse order.
    public static func runService(_ app: NexBoardApplication, logger: Logger) async throws {
        let group = ServiceGroup(configuration: .init(
            services: app.services.map { .init(service: $0) },
            gracefulShutdownSignals: [.sigterm, .sigint],
            logger: logger))
        do {
            try await group.run()
        } catch {
            await app.shutdown()
            throw error
        }
        await app.shutdown()
    }

    /// `nexboard demo`: the services plus the console chat; when the chat ends (end of input, `quit`,
    /// or the end of a script) everything shuts down. Returns how many script lines hit an internal error.
    public static func runDemo(_ app: NexBoardApplication, script: [String]?, write: @escaping @Sendable (String) -> Void,
                               logger: Logger) async throws -> Int {
        let group = ServiceGroup(configuration: .init(
            services: app.services.map { .init(service: $0) },
            gracefulShutdownSignals: [.sigterm],
            logger: logger))
        let console = ConsoleChat(subject: app.config.consoleSubject, write: write, handler: app.dispatcher)
        await app.health.report("chat:console", .ok)
        await app.notificationSinks.register("console", ChatSink(responder: console.notificationResponder))
        let internalErrors = try await withThrowingTaskGroup(of: Int?.self) { tasks in
            tasks.addTask {
                try await group.run()
                return nil
            }
            tasks.addTask {
                let port = await app.httpPort()
                if script == nil {
                    write("HTTP page: http://\(app.config.http.host):\(port)/  (health: /healthz, metrics: /metrics)")
                }
                var errors = 0
                if let script {
                    errors = await console.runScript(script)
                } else {
                    await console.runInteractive()
                }
                await group.triggerGracefulShutdown()
                return errors
            }
            var result = 0
            for try await value in tasks {
                if let value { result = value }
            }
            return result
        }
        await app.shutdown()
        return internalErrors
    }
}
