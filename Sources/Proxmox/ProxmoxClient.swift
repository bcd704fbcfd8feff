import AsyncHTTPClient
import Foundation
import Logging
import Metrics
import NIOHTTP1
import NexBoardCore

/// The Proxmox VE API client used by every NexBoard command.
///
/// One client per cluster; it owns its HTTP connection pool (call `shutdown()` when done). Every
/// request has the connection's deadline, on the client's clock; it is logged at debug without
/// secrets and timed in `nexboard_proxmox_request_duration_seconds`; failures count in
/// `nexboard_proxmox_errors_total` and are thrown as `ProxmoxError`.
///
/// A request's calls go through `with(logger:)`: the same client (pool, login ticket, clock) whose
/// log lines carry that request's metadata (its `request_id`).
public struct ProxmoxClient: Sendable {
    private enum Authentication: Sendable {
        /// The whole `Authorization` value, a `Secret` so that describing the client never shows it.
        case token(header: Secret)
        case ticket(username: String, password: Secret, store: TicketStore)
    }

    /// The cluster's name, as in the connection.
    public let clusterName: String
    let transport: ProxmoxTransport
    private let authentication: Authentication
    var logger: Logger
    private let now: @Sendable () -> Date
    private let metrics: any MetricsFactory
    /// What task following and the request deadline wait on.
    let clock: AnyClock

    /// Creates the client and its HTTP client (TLS as the connection says). With `.insecure` TLS
    /// it logs a warning once.
    /// - Parameter clock: what the request deadline and task following wait on.
    public init(connection: ProxmoxConnection, logger: Logger, clock: AnyClock = .continuous) throws {
        try self.init(connection: connection, logger: logger, clock: clock, now: { Date() })
    }

    /// As above, with the time source used for ticket renewal (tests move it by hand) and the
    /// metrics factory (tests record into their own).
    init(
        connection: ProxmoxConnection, logger: Logger, clock: AnyClock = .continuous, now: @escaping @Sendable () -> Date,
        metrics: any MetricsFactory = MetricsSystem.factory
    ) throws {
        self.logger = Self.tagged(logger, cluster: connection.name)
        self.clusterName = connection.name
        self.now = now
        self.metrics = metrics
        self.clock = clock
        self.transport = try ProxmoxTransport(connection: connection, clock: clock, logger: self.logger, metrics: metrics)
        switch connection.auth {
        case .token(let id, let secret):
            authentication = .token(header: Secret("PVEAPIToken=\(id)=\(secret.value)"))
        case .backupServerToken(let id, let secret):
            authentication = .token(header: Secret("PBSAPIToken=\(id):\(secret.value)"))
        case .password(let username, let password):
            authentication = .ticket(username: username, password: password, store: TicketStore(now: now))
        }
        if case .insecure = connection.tls {
            self.logger.warning("TLS certificate verification is disabled for this Proxmox cluster")
        }
    }

    /// This client, logging its calls to `logger` (a request's, so that every line of the calls made
    /// for it carries its `request_id`). It shares the connection pool, the login ticket and the clock.
    public func with(logger: Logger) -> ProxmoxClient {
        var client = self
        client.logger = Self.tagged(logger, cluster: clusterName)
        return client
    }

    private static func tagged(_ logger: Logger, cluster: String) -> Logger {
        var logger = logger
        logger[metadataKey: "proxmox.cluster"] = "\(cluster)"
        return logger
    }

    /// Closes the connection pool. Call once, when the client is no longer used.
    public func shutdown() async throws {
        try await transport.shutdown()
    }

    // MARK: - Core request path

    /// Sends `endpoint` and decodes the `data` of the answer as `T`.
    func request<T: Decodable>(
        _ endpoint: ProxmoxEndpoint, as type: T.Type, context: ProxmoxJSON.Context = .init()
    ) async throws -> T {
        try await request(endpoint) { try ProxmoxJSON.decodeData(T.self, from: $0, context: context) }
    }

    /// Sends `endpoint` and reads the answer's body with `decode`.
    func request<T>(_ endpoint: ProxmoxEndpoint, decode: (Data) throws -> T) async throws -> T {
        let body = try await send(endpoint)
        do {
            return try decode(body)
        } catch {
            let failure = ProxmoxError.invalidResponse(detail: "\(endpoint.template): \(error)")
            countError(failure, endpoint: endpoint)
            logger.warning(
                "proxmox answer not understood",
                metadata: ["proxmox.request": "\(endpoint.logDescription)", "error": "\(error)"])
            throw failure
        }
    }

    /// Sends `endpoint` with authentication and returns the body of a 2xx answer.
    func send(_ endpoint: ProxmoxEndpoint) async throws -> Data {
        var renewedAfterRefusal = false
        while true {
            let (headers, ticket) = try await authenticationHeaders(for: endpoint)
            let response: ProxmoxTransport.Response
            do {
                response = try await transport.send(endpoint, headers: headers, logger: logger)
            } catch let error as ProxmoxError {
                countError(error, endpoint: endpoint)
                throw error
            }
            if (200..<300).contains(response.status) {
                return response.body
            }
            if response.status == 401, let ticket, !renewedAfterRefusal,
                case .ticket(_, _, let store) = authentication
            {
                // The ticket may have been revoked or expired early: log in again, once.
                await store.invalidate(ticket)
                renewedAfterRefusal = true
                continue
            }
            let message = ProxmoxJSON.errorMessage(from: response.body) ?? response.reasonPhrase
            let error = ProxmoxError.from(status: response.status, message: message, cluster: clusterName)
            countError(error, endpoint: endpoint)
            logger.debug(
                "proxmox refused request",
                metadata: [
                    "proxmox.request": "\(endpoint.logDescription)", "proxmox.status": "\(response.status)",
                    "proxmox.message": "\(message)",
                ])
            throw error
        }
    }

    /// The headers that authenticate `endpoint`: the API token, or the login ticket's cookie (and CSRF token).
    func authenticationHeaders(for endpoint: ProxmoxEndpoint) async throws -> (HTTPHeaders, Ticket?) {
        var headers = HTTPHeaders()
        switch authentication {
        case .token(let header):
            headers.add(name: "Authorization", value: header.value)
            return (headers, nil)
        case .ticket(let username, let password, let store):
            let ticket = try await store.current(login: { try await self.login(username: username, password: password) })
            headers.add(name: "Cookie", value: "PVEAuthCookie=\(ticket.ticket.value)")
            if endpoint.method != .GET {
                headers.add(name: "CSRFPreventionToken", value: ticket.csrfToken.value)
            }
            return (headers, ticket)
        }
    }

    private struct TicketAnswer: Decodable {
        var ticket: String
        var csrf: String
        var needsTFA: Bool

        init(from decoder: any Decoder) throws {
            let c = try decoder.anyKeyed()
            ticket = try c.requiredString("ticket")
            csrf = c.lenientString("CSRFPreventionToken") ?? ""
            needsTFA = c.lenientBool("NeedTFA") ?? false
        }
    }

    /// `POST /access/ticket` with the user's password.
    private func login(username: String, password: Secret) async throws -> Ticket {
        let endpoint = ProxmoxEndpoint.ticket(username: username, password: password)
        let response: ProxmoxTransport.Response
        do {
            response = try await transport.send(endpoint, headers: HTTPHeaders(), logger: logger)
        } catch let error as ProxmoxError {
            countError(error, endpoint: endpoint)
            throw error
        }
        guard (200..<300).contains(response.status) else {
            let message = ProxmoxJSON.errorMessage(from: response.body) ?? response.reasonPhrase
            let error =
                response.status == 401 || response.status == 403
                ? ProxmoxError.unauthorized(cluster: clusterName)
                : ProxmoxError.from(status: response.status, message: message, cluster: clusterName)
            countError(error, endpoint: endpoint)
            throw error
        }
        let answer: TicketAnswer
        do {
            answer = try ProxmoxJSON.decodeData(TicketAnswer.self, from: response.body)
        } catch {
            // `{"data": null}` with 200 also means refused credentials on some versions.
            countError(.unauthorized(cluster: clusterName), endpoint: endpoint)
            throw ProxmoxError.unauthorized(cluster: clusterName)
        }
        if answer.needsTFA {
            logger.warning("proxmox login needs a second factor, which NexBoard does not support; use an API token")
            throw ProxmoxError.unauthorized(cluster: clusterName)
        }
        logger.debug("proxmox login ticket obtained")
        return Ticket(ticket: Secret(answer.ticket), csrfToken: Secret(answer.csrf), obtainedAt: now())
    }

    private func countError(_ error: ProxmoxError, endpoint: ProxmoxEndpoint) {
        Counter(label: MetricFamily.proxmoxErrors.name, dimensions: [("cluster", clusterName), ("kind", error.metricKind)],
                factory: metrics).increment()
    }
}

extension ProxmoxError {
    /// A short label for the errors metric.
    var metricKind: String {
        switch self {
        case .unreachable: "unreachable"
        case .timeout: "timeout"
        case .unauthorized: "unauthorized"
        case .forbidden: "forbidden"
        case .notFound: "not_found"
        case .server: "server"
        case .invalidResponse: "invalid_response"
        case .taskFailed: "task_failed"
        case .certificateMismatch: "certificate_mismatch"
        }
    }
}
