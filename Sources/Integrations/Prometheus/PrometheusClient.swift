/*
 A small Prometheus HTTP API client: instant and range queries, each raced against the configured
 timeout slept on the injected clock (AsyncHTTPClient's own deadline, in real time, stays as a
 backstop). Connection failures become `.unreachable`, the deadline `.timeout`, Prometheus's
 explained errors `.badQuery` with its text.
 */
import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOHTTP1
import NIOSSL
import NexBoardCore

/// Asks one Prometheus server. Call `shutdown()` when done.
public struct PrometheusClient: Sendable {
    public let configuration: PrometheusConfiguration
    private let client: HTTPClient
    private let clock: AnyClock
    private let logger: Logger

    public init(configuration: PrometheusConfiguration, clock: AnyClock = .continuous, logger: Logger) throws {
        self.configuration = configuration
        self.clock = clock
        self.logger = logger
        var http = HTTPClient.Configuration()
        let amount = TimeAmount.nanoseconds(Int64(configuration.timeout.components.seconds) * 1_000_000_000
                                            + configuration.timeout.components.attoseconds / 1_000_000_000)
        http.timeout = .init(connect: amount, read: amount)
        http.connectionPool.retryConnectionEstablishment = false
        if let caFile = configuration.caFile {
            var tls = TLSConfiguration.makeClientConfiguration()
            tls.trustRoots = .certificates(try NIOSSLCertificate.fromPEMFile(caFile))
            http.tlsConfiguration = tls
        }
        self.client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: http)
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
        try await client.shutdown()
    }

    private static func seconds(_ date: Date) -> String {
        String(format: "%.3f", date.timeIntervalSince1970)
    }

    private func get(_ path: String, _ parameters: [(String, String)]) async throws(PrometheusError) -> PrometheusResult {
        var components = URLComponents(url: configuration.url.appendingPathComponent(path), resolvingAgainstBaseURL: false)
        components?.queryItems = parameters.map { URLQueryItem(name: $0.0, value: $0.1) }
        // `+` is a space in a query string: PromQL's additions must arrive as `%2B`.
        let query = components?.percentEncodedQuery?.replacingOccurrences(of: "+", with: "%2B")
        components?.percentEncodedQuery = query
        guard let url = components?.url else { throw .invalidResponse(detail: "cannot build a URL for \(path)") }
        var prepared = HTTPClientRequest(url: url.absoluteString)
        prepared.method = .GET
        switch configuration.authentication {
        case .none: break
        case .basic(let username, let password):
            prepared.headers.add(name: "Authorization", value: "Basic " + Data("\(username):\(password.value)".utf8).base64EncodedString())
        case .bearer(let token):
            prepared.headers.add(name: "Authorization", value: "Bearer \(token.value)")
        }
        let request = prepared
        let timeout = configuration.timeout
        let (client, clock, logger) = (self.client, self.clock, self.logger)
        logger.debug("Prometheus query", metadata: ["path": "\(path)"])
        do {
            let answer = try await withThrowingTaskGroup(of: (Int, Data)?.self) { group in
                group.addTask {
                    let response = try await client.execute(request, timeout: .seconds(Int64(timeout.components.seconds) + 1), logger: logger)
                    let body = try await response.body.collect(upTo: 32 << 20)
                    return (Int(response.status.code), Data(body.readableBytesView))
                }
                group.addTask {
                    try await clock.sleep(for: timeout)
                    return nil
                }
                let first = try await group.next() ?? nil
                group.cancelAll()
                return first
            }
            guard let (status, body) = answer else { throw PrometheusError.timeout(after: timeout) }
            return try PrometheusResponse.decode(body, status: status)
        } catch let error as PrometheusError {
            throw error
        } catch let error as HTTPClientError where [.deadlineExceeded, .readTimeout, .writeTimeout, .cancelled].contains(error) {
            throw .timeout(after: timeout)
        } catch is CancellationError {
            throw .timeout(after: timeout)
        } catch {
            logger.debug("Prometheus unreachable", metadata: ["error": "\(error)"])
            throw .unreachable
        }
    }
}
