import NexBoardCore

/// Why a call to a homelab service (Pi-hole, AdGuard Home, pfSense, Nginx Proxy Manager) failed.
///
/// Cases carry the configured service name and what a developer needs; `userMessage` is the
/// sentence a chat user reads: no address, no credential, no body.
public enum IntegrationError: Error, Sendable, Equatable, UserFacingError {
    /// No connection: refused, no route, DNS failure, TLS handshake refused.
    case unreachable(service: String)
    /// No whole answer within the configured timeout.
    case timeout(service: String, after: Duration)
    /// The service refused the credentials (HTTP 401 or 403, or Pi-hole v5's empty answer).
    case unauthorized(service: String)
    /// An HTTP status the call does not expect.
    case unexpectedStatus(service: String, status: Int)
    /// The answer could not be read as the documented shape.
    case invalidResponse(service: String, detail: String)
    /// The service speaks another API version than the one configured (or none NexBoard knows).
    case unsupportedVersion(service: String, detail: String)

    public var service: String {
        switch self {
        case let .unreachable(service), let .timeout(service, _), let .unauthorized(service),
             let .unexpectedStatus(service, _), let .invalidResponse(service, _), let .unsupportedVersion(service, _):
            service
        }
    }

    public var userMessage: String {
        switch self {
        case let .unreachable(service):
            "\(service) is unreachable."
        case let .timeout(service, after):
            "\(service) did not answer within \(DurationParser.format(after))."
        case let .unauthorized(service):
            "\(service) refused NexBoard's credentials; check its password or API key in the configuration."
        case let .unexpectedStatus(service, status):
            "\(service) answered HTTP \(status)."
        case let .invalidResponse(service, _):
            "\(service) sent an answer NexBoard cannot read."
        case let .unsupportedVersion(service, detail):
            "\(service) speaks an API version NexBoard does not support (\(detail))."
        }
    }
}
