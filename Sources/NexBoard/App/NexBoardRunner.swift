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

    /// What the demo's console chat reads.
    public enum DemoInput: Sendable {
        /// Lines run one after another, each echoed before its reply (`demo --script`).
        case script([String])
        /// Lines typed at the terminal, each after a prompt (`TerminalInput.lines()`).
        case interactive(AsyncStream<String>)
    }

    /// `nexboard demo`: the services plus the console chat; when the chat ends (end of input, `quit`,
    /// or the end of a script) everything shuts down. Returns how many script lines hit an internal error.
    ///
    /// - Parameter write: where text for the terminal goes, exactly as it should appear; it must not
    ///   block (a `TerminalWriter` does not).
    public static func runDemo(_ app: NexBoardApplication, input: DemoInput, write: @escaping @Sendable (String) -> Void,
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
                var errors = 0
                switch input {
                case let .script(lines):
                    errors = await console.runScript(lines)
                case let .interactive(lines):
                    write("HTTP page: http://\(app.config.http.host):\(port)/  (health: /healthz, metrics: /metrics)\n")
                    await console.runInteractive(input: lines)
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
