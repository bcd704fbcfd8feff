import Foundation
import Logging
import NexBoardCore

/// An AdGuard Home's protection state, statistics and top blocked domains, and its protection
/// switch, through its `/control` API with HTTP basic authentication.
public struct AdGuardClient: DNSFilter {
    public let service: String
    private let transport: IntegrationTransport
    /// A `Secret`, so that describing the client (a service in a log line) never shows it.
    private let authorization: Secret

    public init(connection: IntegrationConnection, username: String, password: Secret,
                clients: IntegrationHTTPClients, clock: AnyClock) throws {
        self.service = connection.service
        self.transport = try IntegrationTransport(connection: connection, clients: clients, clock: clock)
        self.authorization = Secret("Basic " + Data("\(username):\(password.value)".utf8).base64EncodedString())
    }

    public func status(logger: Logger) async throws -> DNSFilterStatus {
        let status = try await call(AdGuardStatusAnswer.self, IntegrationEndpoint(.get, "/control/status"), logger: logger)
        let stats = try await call(AdGuardStatsAnswer.self, IntegrationEndpoint(.get, "/control/stats"), logger: logger)
        let top = stats.top_blocked_domains.compactMap { entry -> DomainCount? in
            guard entry.count == 1, let (domain, count) = entry.first else { return nil }
            return DomainCount(domain: domain, count: Int(count))
        }
        return DNSFilterStatus(
            product: "AdGuard Home \(status.version)", blocking: Self.blocking(status), queries: stats.num_dns_queries,
            blocked: stats.num_blocked_filtering, period: "last 24 hours", topBlocked: Array(top.prefix(5)))
    }

    public func setBlocking(enabled: Bool, for duration: Duration?, logger: Logger) async throws -> DNSBlocking {
        let change = AdGuardProtectionChange(enabled: enabled, duration: enabled ? nil : duration.map { $0.wholeMilliseconds })
        let response = try await transport.send(
            authorized(IntegrationEndpoint(.post, "/control/protection", body: IntegrationTransport.json(change))), logger: logger)
        switch response.status {
        case 200..<300: break
        case 401, 403: throw IntegrationError.unauthorized(service: service)
        default: throw IntegrationError.unexpectedStatus(service: service, status: response.status)
        }
        return Self.blocking(try await call(AdGuardStatusAnswer.self, IntegrationEndpoint(.get, "/control/status"), logger: logger))
    }

    private func call<T: Decodable>(_ type: T.Type, _ endpoint: IntegrationEndpoint, logger: Logger) async throws -> T {
        try transport.decode(T.self, from: try await transport.send(authorized(endpoint), logger: logger))
    }

    private func authorized(_ endpoint: IntegrationEndpoint) -> IntegrationEndpoint {
        var endpoint = endpoint
        endpoint.headers.append(("Authorization", authorization.value))
        return endpoint
    }

    private static func blocking(_ status: AdGuardStatusAnswer) -> DNSBlocking {
        if status.protection_enabled { return .enabled }
        return .disabled(remaining: status.protection_disabled_duration > 0 ? .milliseconds(status.protection_disabled_duration) : nil)
    }
}
