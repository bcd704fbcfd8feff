import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle

/// One simulated homelab service (Pi-hole, AdGuard Home, pfSense, Nginx Proxy Manager, an app)
/// served over real HTTP on 127.0.0.1; `stop()` shuts it down.
///
/// The server owns one task that runs the Hummingbird application in a `ServiceGroup`.
public final class SimulatedServiceServer: Sendable {
    /// `http://127.0.0.1:PORT`.
    public let baseURL: String
    public let port: Int
    private let serviceGroup: ServiceGroup
    private let runTask: Task<Void, any Error>

    /// Failures of `start`.
    public enum StartError: Error, Sendable {
        /// The server stopped before it bound its port.
        case didNotBind
    }

    private init(port: Int, serviceGroup: ServiceGroup, runTask: Task<Void, any Error>) {
        self.baseURL = "http://127.0.0.1:\(port)"
        self.port = port
        self.serviceGroup = serviceGroup
        self.runTask = runTask
    }

    /// Starts serving `router` on a free port of 127.0.0.1 and returns once it is bound.
    static func start(router: Router<BasicRequestContext>, serverName: String, logger: Logger) async throws -> SimulatedServiceServer {
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        let application = Application(
            router: router,
            configuration: ApplicationConfiguration(address: .hostname("127.0.0.1", port: 0), serverName: serverName),
            onServerRunning: { channel in
                continuation.yield(channel.localAddress?.port ?? 0)
                continuation.finish()
            },
            logger: logger)
        let serviceGroup = ServiceGroup(configuration: .init(services: [application], logger: logger))
        let runTask = Task {
            defer { continuation.finish() }
            try await serviceGroup.run()
        }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next(), port > 0 else {
            try await runTask.value
            throw StartError.didNotBind
        }
        return SimulatedServiceServer(port: port, serviceGroup: serviceGroup, runTask: runTask)
    }

    /// Stops serving and waits until the server is down. Calling it again does nothing.
    public func stop() async {
        await serviceGroup.triggerGracefulShutdown()
        _ = await runTask.result
    }
}

/// Answers of the simulated services, built from `Encodable` values.
enum SimulatedAnswer {
    static func json(_ value: some Encodable, status: HTTPResponse.Status = .ok) -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        // The payload types are plain structs: encoding cannot fail.
        let data = (try? encoder.encode(value)) ?? Data("{}".utf8)
        return Response(status: status, headers: [.contentType: "application/json; charset=utf-8"],
                        body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
    }

    static func text(_ text: String, status: HTTPResponse.Status, contentType: String = "text/plain; charset=utf-8") -> Response {
        Response(status: status, headers: [.contentType: contentType], body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }

    /// The request body decoded as `T`; nil when it is not.
    static func body<T: Decodable>(_ type: T.Type, of request: Request) async -> T? {
        guard let buffer = try? await request.body.collect(upTo: 1024 * 1024) else { return nil }
        return try? JSONDecoder().decode(T.self, from: Data(buffer.readableBytesView))
    }
}
