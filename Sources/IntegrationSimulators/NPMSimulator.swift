import Foundation
import HTTPTypes
import Hummingbird
import Logging

/// A simulated Nginx Proxy Manager on 127.0.0.1: `POST /api/tokens`, `GET /api/tokens`,
/// `GET /api/nginx/proxy-hosts[?expand=certificate]` and `GET /api/nginx/certificates`, shaped after
/// its backend schema, behind a bearer token. Knobs: how many hosts, a certificate's expiry.
public final class NPMSimulator: Sendable {
    public let server: SimulatedServiceServer
    let state: State

    public var baseURL: String { server.baseURL }

    /// - Parameters:
    ///   - hosts: how many proxy hosts (each with its own Let's Encrypt certificate, expiring 20 to 80 days out).
    ///   - tokenLifetime: how long an issued token is valid.
    ///   - now: the wall-clock date tokens and expiries are measured from.
    public static func start(identity: String = "admin@example.com", secret: String = "npm-demo", hosts: Int = 6,
                             tokenLifetime: TimeInterval = 86_400, now: @escaping @Sendable () -> Date = { Date() },
                             logger: Logger = Logger(label: "simulator.npm")) async throws -> NPMSimulator {
        let state = State(identity: identity, secret: secret, hosts: hosts, tokenLifetime: tokenLifetime, now: now)
        let router = Router()
        router.post("/api/tokens") { request, _ in await state.login(await SimulatedAnswer.body(Login.self, of: request)) }
        router.get("/api/tokens") { request, _ in
            if let refusal = await state.refusal(request) { return refusal }
            return await state.issue()
        }
        router.get("/api/nginx/proxy-hosts") { request, _ in
            if let refusal = await state.refusal(request) { return refusal }
            return await state.proxyHosts(expandCertificate: request.uri.queryParameters["expand"]?.contains("certificate") == true)
        }
        router.get("/api/nginx/certificates") { request, _ in
            if let refusal = await state.refusal(request) { return refusal }
            return await state.certificates()
        }
        let server = try await SimulatedServiceServer.start(router: router, serverName: "openresty", logger: logger)
        return NPMSimulator(server: server, state: state)
    }

    private init(server: SimulatedServiceServer, state: State) {
        self.server = server
        self.state = state
    }

    public func stop() async { await server.stop() }

    /// Moves the expiry of the certificate of host `host` (1-based) to `date`.
    public func setCertificateExpiry(host: Int, to date: Date) async {
        await state.setExpiry(id: host, to: date)
    }

    /// How many logins (`POST /api/tokens`) and refreshes (`GET /api/tokens`) there were.
    public var tokenRequests: (logins: Int, refreshes: Int) {
        get async { await state.counts() }
    }

    /// Forgets every issued token, as a restart with a new signing key does.
    public func revokeTokens() async {
        await state.revokeTokens()
    }

    struct Login: Decodable {
        var identity: String?
        var secret: String?
    }

    struct Token: Encodable {
        var expires: String
        var token: String
    }

    struct ErrorBody: Encodable {
        struct Detail: Encodable {
            var code: Int
            var message: String
        }
        var error: Detail
    }

    struct Certificate: Encodable {
        var id: Int
        var created_on: String
        var modified_on: String
        var owner_user_id = 1
        var provider = "letsencrypt"
        var nice_name: String
        var domain_names: [String]
        var expires_on: String
        var meta: [String: Bool] = ["dns_challenge": false]
    }

    struct ProxyHostBody: Encodable {
        struct Meta: Encodable {
            var nginx_online: Bool
            var nginx_err: String?

            enum CodingKeys: String, CodingKey { case nginx_online, nginx_err }

            func encode(to encoder: any Encoder) throws {
                var container = encoder.container(keyedBy: CodingKeys.self)
                try container.encode(nginx_online, forKey: .nginx_online)
                try container.encode(nginx_err, forKey: .nginx_err)
            }
        }
        var id: Int
        var created_on: String
        var modified_on: String
        var owner_user_id = 1
        var domain_names: [String]
        var forward_host: String
        var forward_port: Int
        var access_list_id = 0
        var certificate_id: Int
        var ssl_forced: Bool
        var caching_enabled = false
        var block_exploits = true
        var advanced_config = ""
        var meta: Meta
        var allow_websocket_upgrade = true
        var http2_support = true
        var forward_scheme: String
        var enabled: Bool
        var locations: [String] = []
        var hsts_enabled = false
        var hsts_subdomains = false
        var trust_forwarded_proto = false
        var certificate: Certificate?
    }

    actor State {
        let identity: String
        let secret: String
        let tokenLifetime: TimeInterval
        let now: @Sendable () -> Date
        private var tokens: [String: Date] = [:]
        private var logins = 0
        private var refreshes = 0
        private var hosts: [ProxyHostBody] = []
        private var certificateList: [Certificate] = []
        private static let names = ["nextcloud", "jellyfin", "grafana", "homeassistant", "vaultwarden", "gitea", "immich", "paperless",
                                    "uptime", "portainer"]

        init(identity: String, secret: String, hosts count: Int, tokenLifetime: TimeInterval, now: @escaping @Sendable () -> Date) {
            self.identity = identity
            self.secret = secret
            self.tokenLifetime = tokenLifetime
            self.now = now
            let start = now()
            let created = Self.iso(start.addingTimeInterval(-90 * 86_400))
            for index in 1...max(1, count) {
                let base = Self.names[(index - 1) % Self.names.count]
                let name = index <= Self.names.count ? base : "\(base)\(index)"
                let domain = "\(name).home.example.net"
                let expiry = start.addingTimeInterval(Double(20 + (index * 37) % 61) * 86_400)
                let certificate = Certificate(id: index, created_on: created, modified_on: created, nice_name: domain, domain_names: [domain],
                                              expires_on: Self.iso(expiry))
                certificateList.append(certificate)
                hosts.append(ProxyHostBody(
                    id: index, created_on: created, modified_on: created, domain_names: [domain], forward_host: "192.168.1.\(100 + index % 150)",
                    forward_port: 8000 + index, certificate_id: index, ssl_forced: true, meta: .init(nginx_online: true, nginx_err: nil),
                    forward_scheme: "http", enabled: true))
            }
        }

        static func iso(_ date: Date) -> String {
            date.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true))
        }

        func counts() -> (logins: Int, refreshes: Int) { (logins, refreshes) }
        func revokeTokens() { tokens = [:] }

        func setExpiry(id: Int, to date: Date) {
            guard let index = certificateList.firstIndex(where: { $0.id == id }) else { return }
            certificateList[index].expires_on = Self.iso(date)
        }

        func refusal(_ request: Request) -> Response? {
            let header = request.headers[.authorization] ?? ""
            guard header.hasPrefix("Bearer "), let expiry = tokens[String(header.dropFirst("Bearer ".count))], now() < expiry else {
                return SimulatedAnswer.json(ErrorBody(error: .init(code: 401, message: "Permission Denied")), status: .unauthorized)
            }
            return nil
        }

        func login(_ login: Login?) -> Response {
            guard let login, let identity = login.identity, let secret = login.secret else {
                return SimulatedAnswer.json(ErrorBody(error: .init(code: 400, message: "data must have required property 'identity'")),
                                            status: .badRequest)
            }
            guard identity == self.identity, secret == self.secret else {
                return SimulatedAnswer.json(ErrorBody(error: .init(code: 401, message: "Invalid email or password")), status: .unauthorized)
            }
            logins += 1
            return newToken()
        }

        func issue() -> Response {
            refreshes += 1
            return newToken()
        }

        private func newToken() -> Response {
            let token = "eyJhbGciOiJSUzUxMiIsInR5cCI6IkpXVCJ9." + UUID().uuidString
            let expiry = now().addingTimeInterval(tokenLifetime)
            tokens[token] = expiry
            return SimulatedAnswer.json(Token(expires: Self.iso(expiry), token: token))
        }

        func proxyHosts(expandCertificate: Bool) -> Response {
            let list = hosts.map { host -> ProxyHostBody in
                var host = host
                if expandCertificate { host.certificate = certificateList.first { $0.id == host.certificate_id } }
                return host
            }
            return SimulatedAnswer.json(list)
        }

        func certificates() -> Response { SimulatedAnswer.json(certificateList) }
    }
}
