/*
 Pi-hole, v6 or v5.

 v6: `POST /api/auth {"password"}` gives a session id (`sid`) valid `validity` seconds and extended
 by every authenticated call; it goes in the `X-FTL-SID` header. A Pi-hole without a password
 answers a valid session with no `sid`. The session is renewed before it expires and once more when
 a call is refused with 401 (Pi-hole restarted, session evicted).
 v5: `GET /admin/api.php?<call>&auth=<API token>`; a wrong or missing token gets `[]`.
 Detection (`version: auto`): `GET /api/auth` answers JSON on v6 and 404 on v5, whose
 `admin/api.php?version` answers `{"version": 3}`.
 */
import Foundation
import Logging
import NexBoardCore

/// A Pi-hole's blocking state, counts and top blocked domains, and its blocking switch.
public actor PiHoleClient: DNSFilter {
    public nonisolated let service: String
    private let transport: IntegrationTransport
    /// v6: the web or app password (nil: the Pi-hole has none); v5: the API token.
    private let password: Secret?
    private let configuredVersion: PiHoleAPIVersion
    private var detectedVersion: PiHoleAPIVersion?
    private var session: (sid: String?, renewAt: AnyClock.Instant)?
    /// How many top blocked domains `status` asks for.
    private let topCount = 5

    public init(connection: IntegrationConnection, version: PiHoleAPIVersion, password: Secret?,
                clients: IntegrationHTTPClients, clock: AnyClock) throws {
        self.service = connection.service
        self.transport = try IntegrationTransport(connection: connection, clients: clients, clock: clock)
        self.password = password
        self.configuredVersion = version
    }

    /// The API version in use, detected at the first call when configured as `auto`.
    public func apiVersion(logger: Logger) async throws -> PiHoleAPIVersion {
        if configuredVersion != .detect { return configuredVersion }
        if let detectedVersion { return detectedVersion }
        let answer = try await transport.send(IntegrationEndpoint(.get, "/api/auth"), logger: logger)
        let version: PiHoleAPIVersion
        if [200, 401].contains(answer.status), (try? JSONDecoder().decode(PiHoleSessionAnswer.self, from: answer.body)) != nil {
            version = .v6
        } else {
            let v5 = try await transport.send(IntegrationEndpoint(.get, "/admin/api.php", query: [("version", nil)]), logger: logger)
            guard v5.status == 200, (try? JSONDecoder().decode(PiHoleV5Version.self, from: v5.body)) != nil else {
                throw IntegrationError.unsupportedVersion(service: service, detail: "neither /api/auth (v6) nor admin/api.php (v5) answers")
            }
            version = .v5
        }
        logger.info("Pi-hole API version detected", metadata: ["integration": "\(service)", "version": "\(version.rawValue)"])
        detectedVersion = version
        return version
    }

    public func status(logger: Logger) async throws -> DNSFilterStatus {
        switch try await apiVersion(logger: logger) {
        case .v5:
            let summary = try await v5(PiHoleV5Summary.self, [("summaryRaw", nil)], logger: logger)
            return DNSFilterStatus(product: "Pi-hole v5", blocking: Self.v5Blocking(summary.status), queries: summary.dns_queries_today,
                                   blocked: summary.ads_blocked_today, period: "today", topBlocked: [])
        case .v6, .detect:
            let blocking = try await v6(PiHoleBlockingAnswer.self, IntegrationEndpoint(.get, "/api/dns/blocking"), logger: logger)
            let summary = try await v6(PiHoleSummaryAnswer.self, IntegrationEndpoint(.get, "/api/stats/summary"), logger: logger)
            let top = try await v6(PiHoleTopDomainsAnswer.self, IntegrationEndpoint(
                .get, "/api/stats/top_domains", query: [("blocked", "true"), ("count", String(topCount))]), logger: logger)
            return DNSFilterStatus(product: "Pi-hole v6", blocking: try v6Blocking(blocking), queries: summary.queries.total,
                                   blocked: summary.queries.blocked, period: "today",
                                   topBlocked: top.domains.map { DomainCount(domain: $0.domain, count: $0.count) })
        }
    }

    public func setBlocking(enabled: Bool, for duration: Duration?, logger: Logger) async throws -> DNSBlocking {
        switch try await apiVersion(logger: logger) {
        case .v5:
            let query: [(name: String, value: String?)] = enabled
                ? [("enable", nil)]
                : [("disable", duration.map { String(max(1, $0.components.seconds)) })]
            let answer = try await v5(PiHoleV5Status.self, query, logger: logger)
            let state = Self.v5Blocking(answer.status)
            // v5 does not tell the timer; it is the one just set.
            if case .disabled = state { return .disabled(remaining: duration) }
            return state
        case .v6, .detect:
            let change = PiHoleBlockingChange(blocking: enabled, timer: duration.map { Double($0.components.seconds) })
            let answer = try await v6(PiHoleBlockingAnswer.self, IntegrationEndpoint(
                .post, "/api/dns/blocking", body: IntegrationTransport.json(change)), logger: logger)
            return try v6Blocking(answer)
        }
    }

    // MARK: v6

    private func v6<T: Decodable>(_ type: T.Type, _ endpoint: IntegrationEndpoint, logger: Logger) async throws -> T {
        var response = try await transport.send(authorized(endpoint, sid: try await sid(logger: logger)), logger: logger)
        if response.status == 401, password != nil {
            // The session ended early (Pi-hole restarted, too many sessions): log in again, once.
            session = nil
            response = try await transport.send(authorized(endpoint, sid: try await sid(logger: logger)), logger: logger)
        }
        return try transport.decode(T.self, from: response)
    }

    private func authorized(_ endpoint: IntegrationEndpoint, sid: String?) -> IntegrationEndpoint {
        var endpoint = endpoint
        if let sid { endpoint.headers.append(("X-FTL-SID", sid)) }
        return endpoint
    }

    /// The session id, logging in when there is none or it is about to expire; nil when no login is needed.
    private func sid(logger: Logger) async throws -> String? {
        let clock = transport.clock
        if let session, clock.now < session.renewAt { return session.sid }
        guard let password else { return nil }
        let body = IntegrationTransport.json(PiHoleLogin(password: password.value))
        let response = try await transport.send(IntegrationEndpoint(.post, "/api/auth", body: body), logger: logger)
        guard response.status != 400 else {
            // "password_inval" and the like: the password is not one Pi-hole accepts.
            throw IntegrationError.unauthorized(service: service)
        }
        let answer = try transport.decode(PiHoleSessionAnswer.self, from: response)
        guard answer.session.valid else { throw IntegrationError.unauthorized(service: service) }
        // Renew at 80% of its life, so a slow call never carries an expired id.
        let validity = answer.session.validity > 0 ? Duration.seconds(answer.session.validity) * 0.8 : .seconds(3600)
        session = (answer.session.sid, clock.now.advanced(by: validity))
        logger.debug("Pi-hole session opened", metadata: ["integration": "\(service)"])
        return answer.session.sid
    }

    private func v6Blocking(_ answer: PiHoleBlockingAnswer) throws -> DNSBlocking {
        switch answer.blocking {
        case "enabled":
            return .enabled
        case "disabled":
            return .disabled(remaining: answer.timer.map { .milliseconds(Int64(($0 * 1000).rounded())) })
        default:
            return .other(answer.blocking)
        }
    }

    // MARK: v5

    private func v5<T: Decodable>(_ type: T.Type, _ query: [(name: String, value: String?)], logger: Logger) async throws -> T {
        var query = query
        if let password { query.append(("auth", password.value)) }
        let response = try await transport.send(IntegrationEndpoint(.get, "/admin/api.php", query: query), logger: logger)
        if response.status == 200, String(decoding: response.body, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines) == "[]" {
            throw IntegrationError.unauthorized(service: service)
        }
        return try transport.decode(T.self, from: response)
    }

    private static func v5Blocking(_ status: String) -> DNSBlocking {
        switch status {
        case "enabled": .enabled
        case "disabled": .disabled(remaining: nil)
        default: .other(status)
        }
    }
}
