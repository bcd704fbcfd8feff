import Foundation
import NexBoardCore

/// Where Prometheus is and how to reach it: `prometheus:` in the configuration.
public struct PrometheusConfiguration: Sendable, Equatable {
    /// How requests authenticate.
    public enum Authentication: Sendable, Equatable {
        case none
        /// HTTP Basic, e.g. behind a reverse proxy.
        case basic(username: String, password: Secret)
        /// `Authorization: Bearer …`.
        case bearer(Secret)
    }

    /// The base URL, e.g. `http://127.0.0.1:9090` (a path prefix such as `/prometheus` is kept).
    public var url: URL
    public var authentication: Authentication
    /// PEM file of the certificate authority that signed Prometheus's certificate (HTTPS).
    public var caFile: String?
    /// How long one query may take, answer included.
    public var timeout: Duration

    public init(url: URL, authentication: Authentication = .none, caFile: String? = nil, timeout: Duration = .seconds(10)) {
        self.url = url
        self.authentication = authentication
        self.caFile = caFile
        self.timeout = timeout
    }
}
