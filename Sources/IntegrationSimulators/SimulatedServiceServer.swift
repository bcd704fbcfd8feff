import Foundation
import HTTPTypes
import Hummingbird
import HTTPServing
import Logging
import NIOCore

/// One simulated homelab service (Pi-hole, AdGuard Home, pfSense, Nginx Proxy Manager, an app)
/// served over real HTTP on 127.0.0.1; `stop()` shuts it down.
public final class SimulatedServiceServer: Sendable {
    /// `http://127.0.0.1:PORT`.
    public let baseURL: String
    public let port: Int
    private let server: RunningServer

    private init(server: RunningServer) {
        self.baseURL = "http://127.0.0.1:\(server.port)"
        self.port = server.port
        self.server = server
    }

    /// Starts serving `router` on a free port of 127.0.0.1 and returns once it is bound.
    static func start(router: Router<BasicRequestContext>, serverName: String, logger: Logger) async throws -> SimulatedServiceServer {
        let server = try await RunningServer.start(name: serverName, logger: logger) { onServerRunning in
            Application(router: router,
                        configuration: ApplicationConfiguration(address: .hostname("127.0.0.1", port: 0), serverName: serverName),
                        onServerRunning: onServerRunning, logger: logger)
        }
        return SimulatedServiceServer(server: server)
    }

    /// Stops serving and waits until the server is down. Calling it again does nothing.
    public func stop() async {
        await server.stop()
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
