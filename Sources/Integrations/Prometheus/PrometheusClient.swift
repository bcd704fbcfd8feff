/*
 A small Prometheus HTTP API client: instant and range queries over the integrations' transport
 (the configured timeout slept on the injected clock, the CA file, connection failures as
 `.unreachable`). Prometheus's explained errors become `.badQuery` with its text.
 */
import Foundation
import Logging
import NexBoardCore

/// Asks one Prometheus server. Call `shutdown()` when done.
public struct PrometheusClient: Sendable {
    public let configuration: PrometheusConfiguration
    private let clients: IntegrationHTTPClients
    private let transport: IntegrationTransport
    private let logger: Logger

    public init(configuration: PrometheusConfiguration, clock: AnyClock = .continuous, logger: Logger) throws {
        self.configuration = configuration
        self.logger = logger
        let connection = IntegrationConnection(service: "Prometheus", baseURL: configuration.url.absoluteString,
                                               tls: configuration.caFile.map(IntegrationTLS.caFile) ?? .system, timeout: configuration.timeout)
        let clients = IntegrationHTTPClients(logger: logger)
        self.clients = clients
        self.transport = try IntegrationTransport(connection: connection, clients: clients, clock: clock, maxBodyBytes: 32 << 20)
    }

    /// `GET /api/v1/query`: the value of `query` at `time` (now when nil).
    public func query(_ query: String, at time: Date? = nil) async throws(PrometheusError) -> PrometheusResult {
        var parameters = [("query", query)]
        if let time { parameters.append(("time", Self.seconds(time))) }
        return try await get("api/v1/query", parameters)
    }

    /// `GET /api/v1/query_range`: `query` from `start` to `end`, one sample every `step`.
    public func queryRange(_ query: String, start: Date, end: Date, step: Duration) async throws(PrometheusError) -> PrometheusResult {
        let stepSeconds = Double(step.components.seconds) + Double(step.components.attoseconds) / 1e18
        return try await get("api/v1/query_range", [
            ("query", query), ("start", Self.seconds(start)), ("end", Self.seconds(end)), ("step", String(stepSeconds)),
        ])
    }

    public func shutdown() async throws {
        await clients.shutdown()
    }

    private static func seconds(_ date: Date) -> String {
        String(format: "%.3f", date.timeIntervalSince1970)
    }

    private func get(_ path: String, _ parameters: [(String, String)]) async throws(PrometheusError) -> PrometheusResult {
        var headers: [(name: String, value: String)] = []
        switch configuration.authentication {
        case .none: break
        case .basic(let username, let password):
            headers.append(("Authorization", "Basic " + Data("\(username):\(password.value)".utf8).base64EncodedString()))
        case .bearer(let token):
            headers.append(("Authorization", "Bearer \(token.value)"))
        }
        // The endpoint escapes every query value, `+` too: PromQL's additions arrive as `%2B`.
        let endpoint = IntegrationEndpoint(.get, "/" + path, query: parameters.map { ($0.0, $0.1) }, headers: headers)
        let response: IntegrationTransport.Response
        do {
            response = try await transport.send(endpoint, logger: logger)
        } catch IntegrationError.unreachable {
            throw .unreachable
        } catch {
            // The deadline passed, or the caller gave up.
            throw .timeout(after: configuration.timeout)
        }
        return try PrometheusResponse.decode(response.body, status: response.status)
    }
}
