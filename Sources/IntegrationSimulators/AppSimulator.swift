import Foundation
import Hummingbird
import Logging

/// Simulated homelab apps on 127.0.0.1: `GET /apps/<slug>` answers a small page titled with the
/// app's name, or 502 (as a reverse proxy does for a dead upstream) for an app switched off.
public final class AppSimulator: Sendable {
    public let server: SimulatedServiceServer
    let state: State

    public var baseURL: String { server.baseURL }

    public static func start(logger: Logger = Logger(label: "simulator.apps")) async throws -> AppSimulator {
        let state = State()
        let router = Router()
        router.get("/apps/:slug") { request, context in
            await state.page(slug: context.parameters.get("slug") ?? "")
        }
        let server = try await SimulatedServiceServer.start(router: router, serverName: "nginx", logger: logger)
        return AppSimulator(server: server, state: state)
    }

    private init(server: SimulatedServiceServer, state: State) {
        self.server = server
        self.state = state
    }

    /// The URL of the simulated app named `name`.
    public func url(of name: String) -> String {
        "\(baseURL)/apps/\(Self.slug(name))"
    }

    static func slug(_ name: String) -> String {
        String(name.lowercased().map { $0.isLetter || $0.isNumber ? $0 : "-" })
    }

    public func stop() async { await server.stop() }

    /// Switches the app off (502) or on.
    public func setDown(_ name: String, _ down: Bool) async {
        await state.setDown(Self.slug(name), down)
    }

    actor State {
        private var down: Set<String> = []

        func setDown(_ slug: String, _ isDown: Bool) {
            if isDown { down.insert(slug) } else { down.remove(slug) }
        }

        func page(slug: String) -> Response {
            if down.contains(slug) {
                return SimulatedAnswer.text("<html><head><title>502 Bad Gateway</title></head></html>", status: .badGateway, contentType: "text/html")
            }
            return SimulatedAnswer.text("<!doctype html><html><head><title>\(slug)</title></head><body>ok</body></html>", status: .ok,
                                        contentType: "text/html")
        }
    }
}
