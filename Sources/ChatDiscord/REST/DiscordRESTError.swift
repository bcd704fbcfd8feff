import NexBoardCore

/// A Discord REST call that did not succeed.
public enum DiscordRESTError: Error, Sendable, Equatable, CustomStringConvertible, UserFacingError {
    /// Discord refused the request (4xx other than 429); `body` is Discord's JSON error.
    case rejected(endpoint: String, status: Int, body: String)
    /// Server errors, 429s or network failures went on until the deadline.
    case gaveUp(endpoint: String, attempts: Int, lastProblem: String)
    /// The payload breaks Discord's limits; it was not sent.
    case invalidPayload(endpoint: String, problems: [String])
    /// The answer was not what the endpoint returns.
    case invalidResponse(endpoint: String, detail: String)

    public var description: String {
        switch self {
        case .rejected(let endpoint, let status, let body): "\(endpoint) rejected with \(status): \(body)"
        case .gaveUp(let endpoint, let attempts, let last): "\(endpoint) gave up after \(attempts) attempts: \(last)"
        case .invalidPayload(let endpoint, let problems): "\(endpoint) payload over Discord's limits: \(problems.joined(separator: "; "))"
        case .invalidResponse(let endpoint, let detail): "\(endpoint) answered unexpectedly: \(detail)"
        }
    }

    public var userMessage: String { "Discord did not accept the reply; try again in a moment." }
}

extension DiscordRESTError: PermanentFailure {
    /// Discord refusing for good (401, 403, 404, 410: a bad token, a channel the bot may not post
    /// in, a deleted channel or message).
    public var permanentReason: String? {
        guard case .rejected(_, let status, _) = self, [401, 403, 404, 410].contains(status) else { return nil }
        return "Discord refused it (HTTP \(status))"
    }
}
