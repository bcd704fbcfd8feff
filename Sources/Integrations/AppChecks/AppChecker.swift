import Foundation
import Logging
import NexBoardCore

/// Runs app checks: a GET of the URL (status and body text as configured, latency) and, for
/// https, the certificate's expiry.
public struct AppChecker: Sendable {
    private let clients: IntegrationHTTPClients
    private let clock: AnyClock

    public init(clients: IntegrationHTTPClients, clock: AnyClock) {
        self.clients = clients
        self.clock = clock
    }

    public func check(_ app: AppCheck, logger: Logger) async -> AppCheckResult {
        guard let url = URL(string: app.url), let scheme = url.scheme?.lowercased(), let host = url.host else {
            return AppCheckResult(name: app.name, isUp: false, problem: "invalid URL", status: nil, latency: nil, certificateExpiry: nil)
        }
        let hostText = host.contains(":") ? "[\(host)]" : host
        let base = "\(scheme)://\(hostText)" + (url.port.map { ":\($0)" } ?? "")
        let encodedPath = url.path(percentEncoded: true)
        var path = encodedPath.isEmpty ? "/" : encodedPath
        if let query = url.query(percentEncoded: true) { path += "?" + query }
        let started = clock.now
        async let expiry = certificateExpiry(app, scheme: scheme, host: host, port: url.port)
        var result = AppCheckResult(name: app.name, isUp: false, problem: nil, status: nil, latency: nil, certificateExpiry: nil)
        do {
            let transport = try IntegrationTransport(
                connection: IntegrationConnection(service: app.name, baseURL: base, tls: app.tls, timeout: app.timeout), clients: clients, clock: clock)
            var endpoint = IntegrationEndpoint(.get, path)
            endpoint.headers.append(("Accept", "*/*"))
            let response = try await transport.send(endpoint, logger: logger)
            result.latency = started.duration(to: clock.now)
            result.status = response.status
            if let expected = app.expectedStatus, response.status != expected {
                result.problem = "HTTP \(response.status), expected \(expected)"
            } else if app.expectedStatus == nil, !(200..<400).contains(response.status) {
                result.problem = "HTTP \(response.status)"
            } else if let text = app.expectedText, !String(decoding: response.body, as: UTF8.self).contains(text) {
                result.problem = "\"\(text)\" not in the page"
            } else {
                result.isUp = true
            }
        } catch let error as IntegrationError {
            result.problem = switch error {
            case .timeout: "no answer within \(DurationParser.format(app.timeout))"
            case .unreachable: "unreachable"
            default: error.userMessage
            }
        } catch {
            result.problem = "unreachable"
        }
        result.certificateExpiry = await expiry
        return result
    }

    /// The expiry of the certificate an https app presents; nil for http, or when it cannot be read
    /// (the check itself then says why the app is down).
    private func certificateExpiry(_ app: AppCheck, scheme: String, host: String, port: Int?) async -> Date? {
        guard scheme == "https" else { return nil }
        return try? await TLSCertificateProbe.expiry(host: host, port: port ?? 443, tls: app.tls, connectTimeout: app.timeout)
    }
}
