/*
 Nginx Proxy Manager: a JWT from `POST /api/tokens {identity, secret}` (a user's email and
 password), sent as `Authorization: Bearer`. Before the token expires (a day ahead, or halfway
 through a shorter life) it is refreshed with `GET /api/tokens`; when that or any call is refused
 with 401, the client logs in again, once.
 */
import Foundation
import Logging
import NexBoardCore

/// Proxy hosts and certificates of a Nginx Proxy Manager.
public actor NPMClient {
    public nonisolated let service: String
    private let transport: IntegrationTransport
    private let identity: String
    private let secret: Secret
    private let now: @Sendable () -> Date
    private var token: (value: String, renewAt: Date)?

    public init(connection: IntegrationConnection, identity: String, secret: Secret, clients: IntegrationHTTPClients,
                clock: AnyClock, now: @escaping @Sendable () -> Date) throws {
        self.service = connection.service
        self.transport = try IntegrationTransport(connection: connection, clients: clients, clock: clock)
        self.identity = identity
        self.secret = secret
        self.now = now
    }

    /// Every proxy host with its certificate, by domain.
    public func proxyHosts(logger: Logger) async throws -> [ProxyHost] {
        let hosts = try await call([NPMProxyHostAnswer].self, IntegrationEndpoint(.get, "/api/nginx/proxy-hosts", query: [("expand", "certificate")]),
                                   logger: logger)
        return hosts.map { host in
            ProxyHost(id: host.id, domains: host.domain_names, forward: "\(host.forward_scheme ?? "http")://\(host.forward_host):\(host.forward_port)",
                      enabled: host.enabled, online: host.meta?.nginx_online, certificate: host.certificate.map(Self.certificate))
        }.sorted { ($0.domains.first ?? "") < ($1.domains.first ?? "") }
    }

    /// Every certificate, soonest expiry first.
    public func certificates(logger: Logger) async throws -> [ProxyCertificate] {
        try await call([NPMCertificateAnswer].self, IntegrationEndpoint(.get, "/api/nginx/certificates"), logger: logger)
            .map(Self.certificate)
            .sorted { ($0.expiresOn ?? .distantFuture) < ($1.expiresOn ?? .distantFuture) }
    }

    private static func certificate(_ answer: NPMCertificateAnswer) -> ProxyCertificate {
        ProxyCertificate(id: answer.id, name: answer.nice_name ?? answer.domain_names.first ?? "certificate \(answer.id)",
                         domains: answer.domain_names, provider: answer.provider ?? "other", expiresOn: NPMTime.date(answer.expires_on))
    }

    private func call<T: Decodable>(_ type: T.Type, _ endpoint: IntegrationEndpoint, logger: Logger) async throws -> T {
        var response = try await transport.send(bearer(endpoint, try await currentToken(logger: logger)), logger: logger)
        if response.status == 401 {
            token = nil
            response = try await transport.send(bearer(endpoint, try await currentToken(logger: logger)), logger: logger)
        }
        return try transport.decode(T.self, from: response)
    }

    private func bearer(_ endpoint: IntegrationEndpoint, _ token: String) -> IntegrationEndpoint {
        var endpoint = endpoint
        endpoint.headers.append(("Authorization", "Bearer \(token)"))
        return endpoint
    }

    private func currentToken(logger: Logger) async throws -> String {
        if let token, now() < token.renewAt { return token.value }
        if let token {
            // Refresh while the old token is still good; a refusal falls back to a new login.
            let refreshed = try await transport.send(bearer(IntegrationEndpoint(.get, "/api/tokens"), token.value), logger: logger)
            if refreshed.status == 200, let answer = try? transport.decode(NPMToken.self, from: refreshed) {
                return keep(answer, logger: logger)
            }
        }
        let body = IntegrationTransport.json(NPMLogin(identity: identity, secret: secret.value))
        let response = try await transport.send(IntegrationEndpoint(.post, "/api/tokens", body: body), logger: logger)
        // NPM answers a wrong email or password with 400 or 401, depending on its version.
        if [400, 401, 403].contains(response.status) { throw IntegrationError.unauthorized(service: service) }
        return keep(try transport.decode(NPMToken.self, from: response), logger: logger)
    }

    private func keep(_ answer: NPMToken, logger: Logger) -> String {
        let issued = now()
        let expires = NPMTime.date(answer.expires) ?? issued.addingTimeInterval(3600)
        let life = expires.timeIntervalSince(issued)
        let renewAt = life > 2 * 86_400 ? expires.addingTimeInterval(-86_400) : issued.addingTimeInterval(life / 2)
        token = (answer.token, renewAt)
        logger.debug("Nginx Proxy Manager token obtained", metadata: ["integration": "\(service)"])
        return answer.token
    }
}
