import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NexBoardCore

/// A simulated Pi-hole on 127.0.0.1, speaking either the v6 REST API (`/api/auth`, `/api/dns/blocking`,
/// `/api/stats/summary`, `/api/stats/top_domains`) or v5's `admin/api.php` (`summaryRaw`, `status`,
/// `enable`, `disable`, `version`), with knobs for the demo and the tests.
///
/// ```swift
/// let pihole = try await PiHoleSimulator.start(version: 6, password: "demo", clock: clock)
/// await pihole.setBlocking(false, for: .seconds(300))   // as if someone paused it
/// ```
public final class PiHoleSimulator: Sendable {
    public let server: SimulatedServiceServer
    let state: State

    public var baseURL: String { server.baseURL }

    /// Starts a Pi-hole speaking API `version` (5 or 6). `password` is v6's login password or v5's
    /// API token; nil: no password set (v6 answers a session without a login).
    public static func start(version: Int = 6, password: String? = "pihole-demo", sessionValidity: Int = 1800,
                             clock: AnyClock = .continuous, logger: Logger = Logger(label: "simulator.pihole")) async throws -> PiHoleSimulator {
        let state = State(version: version, password: password, sessionValidity: sessionValidity, clock: clock)
        let router = Router()
        if version >= 6 {
            router.get("/api/auth") { request, _ in await state.checkSession(request) }
            router.post("/api/auth") { request, _ in await state.login(request) }
            router.get("/api/dns/blocking") { request, _ in
                if let early = await state.intercept(request) { return early }
                return await state.blockingBody()
            }
            router.post("/api/dns/blocking") { request, _ in
                if let early = await state.intercept(request) { return early }
                return await state.changeBlocking(await SimulatedAnswer.body(PiHoleBlockingRequest.self, of: request))
            }
            router.get("/api/stats/summary") { request, _ in
                if let early = await state.intercept(request) { return early }
                return await state.summary()
            }
            router.get("/api/stats/top_domains") { request, _ in
                if let early = await state.intercept(request) { return early }
                let count = request.uri.queryParameters["count"].flatMap { Int($0) } ?? 10
                return await state.topDomains(count: count, blocked: request.uri.queryParameters["blocked"] == "true")
            }
        } else {
            router.get("/admin/api.php") { request, _ in await state.v5(request) }
        }
        let server = try await SimulatedServiceServer.start(router: router, serverName: "lighttpd", logger: logger)
        return PiHoleSimulator(server: server, state: state)
    }

    private init(server: SimulatedServiceServer, state: State) {
        self.server = server
        self.state = state
    }

    public func stop() async { await server.stop() }

    // MARK: Knobs

    /// Turns blocking on, or off for `duration` (nil: until turned on).
    public func setBlocking(_ enabled: Bool, for duration: Duration? = nil) async {
        await state.setBlocking(enabled, for: duration)
    }

    /// Sets today's counts.
    public func setCounts(queries: Int, blocked: Int) async {
        await state.setCounts(queries: queries, blocked: blocked)
    }

    /// Makes every API answer faulty (nil: answers normally again).
    public func set(fault: SimulatedFault?) async {
        await state.set(fault: fault)
    }

    /// Forgets every session, as a restart of Pi-hole does.
    public func dropSessions() async {
        await state.dropSessions()
    }

    /// How many logins (`POST /api/auth`) succeeded.
    public var logins: Int {
        get async { await state.logins }
    }

    /// The blocking state as Pi-hole reports it: `enabled` or `disabled`.
    public var blocking: String {
        get async { await state.blockingState() }
    }

    actor State {
        let version: Int
        let password: String?
        let sessionValidity: Int
        let clock: AnyClock
        private var sessions: [String: AnyClock.Instant] = [:]
        private(set) var logins = 0
        private var fault: SimulatedFault?
        private var enabled = true
        /// When a timed change flips blocking back.
        private var flipAt: AnyClock.Instant?
        private var queries = 41_872
        private var blocked = 6_214
        private let domains = [("doubleclick.net", 1_204), ("telemetry.example.com", 977), ("ads.youtube.com", 733),
                               ("graph.facebook.com", 512), ("tracker.smarttv.lan", 341), ("app-measurement.com", 208)]
        private let permitted = [("github.com", 3_402), ("pve1.lan", 2_210), ("api.nexboard.lan", 1_873)]

        init(version: Int, password: String?, sessionValidity: Int, clock: AnyClock) {
            self.version = version
            self.password = password
            self.sessionValidity = sessionValidity
            self.clock = clock
        }

        func setBlocking(_ enabled: Bool, for duration: Duration?) {
            self.enabled = enabled
            flipAt = duration.map { clock.now.advanced(by: $0) }
        }

        func setCounts(queries: Int, blocked: Int) {
            self.queries = queries
            self.blocked = blocked
        }

        func dropSessions() { sessions = [:] }

        func blockingState() -> String {
            settleTimer()
            return enabled ? "enabled" : "disabled"
        }

        private func settleTimer() {
            if let flipAt, clock.now >= flipAt {
                enabled.toggle()
                self.flipAt = nil
            }
        }

        private func remaining() -> Double? {
            settleTimer()
            guard let flipAt else { return nil }
            return Double(clock.now.duration(to: flipAt).wholeMilliseconds) / 1000
        }

        // MARK: v6

        /// The session id of a request: `X-FTL-SID` header or `sid` query parameter (cookies are for browsers).
        private func isAuthorized(_ request: Request) -> Bool {
            guard password != nil else { return true }
            let sid = request.headers[HTTPField.Name("X-FTL-SID")!] ?? request.uri.queryParameters["sid"].map(String.init)
            guard let sid, let expiry = sessions[sid] else { return false }
            guard clock.now < expiry else {
                sessions[sid] = nil
                return false
            }
            sessions[sid] = clock.now.advanced(by: .seconds(sessionValidity))
            return true
        }

        /// The answer of a faulty Pi-hole, or FTL's 401 when the request carries no valid session;
        /// nil when the route should answer.
        func intercept(_ request: Request) async -> Response? {
            switch fault {
            case nil:
                break
            case let .delay(duration):
                try? await clock.sleep(for: duration)
            case .malformed:
                return SimulatedAnswer.text("<html><body>502 Bad Gateway</body></html>", status: .ok, contentType: "text/html")
            case let .status(code):
                return SimulatedAnswer.text("", status: .init(code: code))
            }
            return isAuthorized(request) ? nil : SimulatedAnswer.json(PiHoleErrorBody.unauthorized, status: .unauthorized)
        }

        func set(fault: SimulatedFault?) { self.fault = fault }

        func checkSession(_ request: Request) -> Response {
            if password == nil {
                return SimulatedAnswer.json(PiHoleSessionBody(session: .init(valid: true, validity: -1, message: "no password set")))
            }
            if isAuthorized(request) {
                return SimulatedAnswer.json(PiHoleSessionBody(session: .init(valid: true, validity: sessionValidity)))
            }
            return SimulatedAnswer.json(PiHoleSessionBody(session: .init(valid: false, validity: -1, message: nil)), status: .unauthorized)
        }

        func login(_ request: Request) async -> Response {
            guard let body = await SimulatedAnswer.body(PiHoleLoginRequest.self, of: request) else {
                return SimulatedAnswer.json(PiHoleErrorBody(error: .init(key: "bad_request", message: "No request body data", hint: nil)),
                                            status: .badRequest)
            }
            guard let given = body.password else {
                return SimulatedAnswer.json(PiHoleErrorBody(error: .init(key: "bad_request", message: "No password found in JSON payload", hint: nil)),
                                            status: .badRequest)
            }
            guard let password else {
                return SimulatedAnswer.json(PiHoleSessionBody(session: .init(valid: true, validity: -1, message: "no password set")))
            }
            guard given == password else {
                return SimulatedAnswer.json(PiHoleSessionBody(session: .init(valid: false, validity: -1, message: "password incorrect")),
                                            status: .unauthorized)
            }
            let sid = Self.randomToken()
            sessions[sid] = clock.now.advanced(by: .seconds(sessionValidity))
            logins += 1
            return SimulatedAnswer.json(PiHoleSessionBody(session: .init(
                valid: true, sid: sid, csrf: Self.randomToken(), validity: sessionValidity, message: "password correct")))
        }

        func blockingBody() -> Response {
            let timer = remaining()
            return SimulatedAnswer.json(PiHoleBlockingBody(blocking: enabled ? "enabled" : "disabled", timer: timer))
        }

        func changeBlocking(_ change: PiHoleBlockingRequest?) -> Response {
            guard let change, let blocking = change.blocking else {
                return SimulatedAnswer.json(PiHoleErrorBody(error: .init(key: "body_error", message: "No \"blocking\" boolean in body data", hint: nil)),
                                            status: .badRequest)
            }
            setBlocking(blocking, for: change.timer.map { .milliseconds(Int64($0 * 1000)) })
            return blockingBody()
        }

        func summary() -> Response {
            SimulatedAnswer.json(PiHoleSummaryBody(
                queries: .init(total: queries, blocked: blocked, percent_blocked: queries > 0 ? Double(blocked) * 100 / Double(queries) : 0,
                               unique_domains: 3_218, forwarded: queries - blocked - queries / 5, cached: queries / 5),
                clients: .init(active: 14, total: 22),
                gravity: .init(domains_being_blocked: 906_175, last_update: 1_764_547_200)))
        }

        func topDomains(count: Int, blocked: Bool) -> Response {
            let list = (blocked ? domains : permitted).prefix(max(0, count))
            return SimulatedAnswer.json(PiHoleTopDomainsBody(
                domains: list.map { .init(domain: $0.0, count: $0.1) }, total_queries: queries, blocked_queries: self.blocked))
        }

        // MARK: v5

        func v5(_ request: Request) -> Response {
            let query = request.uri.queryParameters
            if query["version"] != nil { return SimulatedAnswer.json(PiHoleV5VersionBody()) }
            // Without the right token v5 answers an empty JSON array, not an error.
            guard password == nil || query["auth"].map(String.init) == password else { return SimulatedAnswer.text("[]", status: .ok) }
            if query["summaryRaw"] != nil {
                return SimulatedAnswer.json(PiHoleV5SummaryBody(
                    domains_being_blocked: 906_175, dns_queries_today: queries, ads_blocked_today: blocked,
                    ads_percentage_today: queries > 0 ? Double(blocked) * 100 / Double(queries) : 0, unique_domains: 3_218,
                    queries_forwarded: queries - blocked - queries / 5, queries_cached: queries / 5, status: blockingState()))
            }
            if query["enable"] != nil {
                setBlocking(true, for: nil)
            } else if let seconds = query["disable"] {
                setBlocking(false, for: Int(seconds).flatMap { $0 > 0 ? .seconds($0) : nil })
            } else if query["status"] == nil {
                return SimulatedAnswer.text("[]", status: .ok)
            }
            return SimulatedAnswer.json(PiHoleV5StatusBody(status: blockingState()))
        }

        private static func randomToken() -> String {
            Data((0..<16).map { _ in UInt8.random(in: 0...255) }).base64EncodedString()
        }
    }
}
