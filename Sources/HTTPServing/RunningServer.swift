import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle

/// A Hummingbird application running in a task of its own, from the moment its port is bound until
/// `stop()`: how the simulated cluster, the simulated homelab services and the fake chat platforms
/// serve (on 127.0.0.1, port 0 for any free port).
///
/// ```swift
/// let server = try await RunningServer.start(name: "the fake Slack", logger: logger) { onServerRunning in
///     Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
///                 onServerRunning: onServerRunning, logger: logger)
/// }
/// // … http://127.0.0.1:\(server.port) …
/// await server.stop()
/// ```
public final class RunningServer: Sendable {
    /// The bound port.
    public let port: Int
    private let serviceGroup: ServiceGroup
    private let runTask: Task<Void, any Error>

    /// The server stopped before it bound its port (for example, the port is in use).
    public struct DidNotBind: Error, CustomStringConvertible {
        /// What did not start: "the fake Discord", "pve-api-daemon/3.0".
        public var server: String
        public var description: String { "\(server) stopped before it bound its port" }
    }

    private init(port: Int, serviceGroup: ServiceGroup, runTask: Task<Void, any Error>) {
        self.port = port
        self.serviceGroup = serviceGroup
        self.runTask = runTask
    }

    /// Runs the application `makeApplication` builds and returns once it listens.
    /// - Parameters:
    ///   - name: the server, for `DidNotBind`.
    ///   - alongside: work that runs as long as the server does, cancelled when it stops.
    ///   - makeApplication: builds the application; its argument is the `onServerRunning` callback
    ///     to hand to the application, which reports the bound port.
    public static func start(
        name: String, logger: Logger, alongside: (@Sendable () async throws -> Void)? = nil,
        _ makeApplication: (_ onServerRunning: @escaping @Sendable (any Channel) async -> Void) throws -> some Service
    ) async throws -> RunningServer {
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        let application = try makeApplication { channel in
            continuation.yield(channel.localAddress?.port ?? 0)
            continuation.finish()
        }
        let serviceGroup = ServiceGroup(configuration: .init(services: [application], logger: logger))
        let runTask = Task {
            defer { continuation.finish() }
            guard let alongside else { return try await serviceGroup.run() }
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await serviceGroup.run() }
                group.addTask { try await alongside() }
                _ = try await group.next()
                group.cancelAll()
            }
        }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next(), port > 0 else {
            try await runTask.value
            throw DidNotBind(server: name)
        }
        return RunningServer(port: port, serviceGroup: serviceGroup, runTask: runTask)
    }

    /// Stops serving and waits until the server is down. Calling it again does nothing.
    public func stop() async {
        await serviceGroup.triggerGracefulShutdown()
        _ = await runTask.result
    }
}
