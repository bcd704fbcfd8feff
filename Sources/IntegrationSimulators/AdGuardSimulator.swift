import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NexBoardCore

/// A simulated AdGuard Home on 127.0.0.1: `GET /control/status`, `GET /control/stats` and
/// `POST /control/protection`, behind HTTP basic authentication, shaped after its openapi.yaml
/// (`ServerStatus`, `Stats`, `SetProtectionRequest`).
public final class AdGuardSimulator: Sendable {
    public let server: SimulatedServiceServer
    let state: State

    public var baseURL: String { server.baseURL }

    public static func start(username: String = "admin", password: String = "adguard-demo", clock: AnyClock = .continuous,
                             logger: Logger = Logger(label: "simulator.adguard")) async throws -> AdGuardSimulator {
        let state = State(authorization: "Basic " + Data("\(username):\(password)".utf8).base64EncodedString(), clock: clock)
        let router = Router()
        router.get("/control/status") { request, _ in
            if let refusal = await state.refusal(request) { return refusal }
            return await state.status()
        }
        router.get("/control/stats") { request, _ in
            if let refusal = await state.refusal(request) { return refusal }
            return await state.stats()
        }
        router.post("/control/protection") { request, _ in
            if let refusal = await state.refusal(request) { return refusal }
            return await state.setProtection(await SimulatedAnswer.body(Protection.self, of: request))
        }
        let server = try await SimulatedServiceServer.start(router: router, serverName: "AdGuardHome", logger: logger)
        return AdGuardSimulator(server: server, state: state)
    }

    private init(server: SimulatedServiceServer, state: State) {
        self.server = server
        self.state = state
    }

    public func stop() async { await server.stop() }

    /// Turns protection on, or off for `duration` (nil: until turned on).
    public func setProtection(_ enabled: Bool, for duration: Duration? = nil) async {
        await state.set(enabled, for: duration)
    }

    /// Whether protection is on now.
    public var protectionEnabled: Bool {
        get async { await state.isEnabled() }
    }

    struct Protection: Codable {
        var enabled: Bool?
        var duration: Int64?
    }

    struct StatusBody: Encodable {
        var dns_addresses = ["127.0.0.1"]
        var dns_port = 53
        var http_port = 3000
        var protection_enabled: Bool
        var protection_disabled_duration: Int64
        var dhcp_available = false
        var running = true
        var version = "v0.107.52"
        var language = "en"
        var start_time = 1_764_547_200_000.0
    }

    struct StatsBody: Encodable {
        var time_units = "hours"
        var num_dns_queries: Int
        var num_blocked_filtering: Int
        var num_replaced_safebrowsing = 3
        var num_replaced_safesearch = 0
        var num_replaced_parental = 0
        var avg_processing_time = 0.012
        var top_queried_domains: [[String: Int]]
        var top_clients: [[String: Int]]
        var top_blocked_domains: [[String: Int]]
        var top_upstreams_responses: [[String: Int]]
        var top_upstreams_avg_time: [[String: Double]]
        var dns_queries: [Int]
        var blocked_filtering: [Int]
        var replaced_safebrowsing: [Int]
        var replaced_parental: [Int]
    }

    actor State {
        let authorization: String
        let clock: AnyClock
        private var enabled = true
        private var resumeAt: AnyClock.Instant?

        init(authorization: String, clock: AnyClock) {
            self.authorization = authorization
            self.clock = clock
        }

        func refusal(_ request: Request) -> Response? {
            request.headers[.authorization] == authorization ? nil : SimulatedAnswer.text("Unauthorized\n", status: .unauthorized)
        }

        func set(_ enabled: Bool, for duration: Duration?) {
            self.enabled = enabled
            resumeAt = enabled ? nil : duration.map { clock.now.advanced(by: $0) }
        }

        func isEnabled() -> Bool {
            if let resumeAt, clock.now >= resumeAt {
                enabled = true
                self.resumeAt = nil
            }
            return enabled
        }

        func status() -> Response {
            let enabled = isEnabled()
            let remaining = resumeAt.map { clock.now.duration(to: $0).wholeMilliseconds } ?? 0
            return SimulatedAnswer.json(StatusBody(protection_enabled: enabled, protection_disabled_duration: enabled ? 0 : remaining))
        }

        func stats() -> Response {
            let hourly = [310, 280, 150, 90, 60, 75, 240, 880, 1_420, 1_310, 1_190, 1_250, 1_400, 1_330, 1_210, 1_290, 1_480, 1_730, 1_960, 2_010,
                          1_840, 1_320, 790, 450]
            let blockedHourly = hourly.map { $0 / 7 }
            return SimulatedAnswer.json(StatsBody(
                num_dns_queries: hourly.reduce(0, +), num_blocked_filtering: blockedHourly.reduce(0, +),
                top_queried_domains: [["github.com": 2_410], ["pve1.lan": 1_920]],
                top_clients: [["192.168.1.20": 9_400], ["192.168.1.31": 6_100]],
                top_blocked_domains: [["doubleclick.net": 912], ["telemetry.example.com": 640], ["ads.youtube.com": 402]],
                top_upstreams_responses: [["https://dns10.quad9.net:443/dns-query": 16_820]],
                top_upstreams_avg_time: [["https://dns10.quad9.net:443/dns-query": 0.021]],
                dns_queries: hourly, blocked_filtering: blockedHourly, replaced_safebrowsing: hourly.map { _ in 0 },
                replaced_parental: hourly.map { _ in 0 }))
        }

        func setProtection(_ change: Protection?) -> Response {
            guard let change, let enabled = change.enabled else {
                return SimulatedAnswer.text("json.Decode: missing enabled\n", status: .badRequest)
            }
            if enabled, change.duration != nil {
                return SimulatedAnswer.text("disabling duration is only allowed when protection is disabled\n", status: .badRequest)
            }
            set(enabled, for: change.duration.map { .milliseconds($0) })
            return SimulatedAnswer.text("OK\n", status: .ok)
        }
    }
}
