import NexBoardCore

/// What can go wrong asking Prometheus. `userMessage` is what a chat user reads: Prometheus's own
/// explanation of a bad query, never its address or credentials.
public enum PrometheusError: Error, UserFacingError, Sendable, Equatable {
    /// The query is wrong (HTTP 400 or 422): Prometheus's `error` text, e.g. `parse error: unexpected end of input`.
    case badQuery(String)
    /// No answer within the timeout (ours, or Prometheus's own: HTTP 503).
    case timeout(after: Duration)
    /// Prometheus gave up on the query itself (HTTP 503: timed out or aborted there).
    case aborted(String)
    /// Prometheus could not be reached (down, refused, name unknown).
    case unreachable
    /// HTTP 401 or 403: the credentials were refused.
    case unauthorized
    /// Any other status.
    case server(status: Int)
    /// An answer that is not Prometheus's JSON.
    case invalidResponse(detail: String)

    public var userMessage: String {
        switch self {
        case .badQuery(let message): "Prometheus rejected the query: \(message)"
        case .timeout(let after): "Prometheus did not answer within \(DurationParser.format(after))."
        case .aborted(let message): "Prometheus gave up on the query: \(message)"
        case .unreachable: "Cannot reach Prometheus. Check that it is running and reachable from NexBoard."
        case .unauthorized: "Prometheus refused NexBoard's credentials."
        case .server(let status): "Prometheus reported an error (HTTP \(status))."
        case .invalidResponse: "Prometheus sent an answer NexBoard could not understand."
        }
    }
}
