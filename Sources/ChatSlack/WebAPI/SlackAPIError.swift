import ChatKit
import NexBoardCore

/// A Slack Web API call (or a response URL post) that did not succeed.
public enum SlackAPIError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Slack answered `ok: false` with this error code (`channel_not_found`, `invalid_auth`…).
    case refused(method: String, error: String)
    /// Server errors, 429s or network failures went on until the deadline.
    case gaveUp(method: String, attempts: Int, lastProblem: String)
    /// The answer was not what the method returns.
    case invalidResponse(method: String, detail: String)

    public var description: String {
        switch self {
        case .refused(let method, let error): "\(method) refused: \(error)"
        case .gaveUp(let method, let attempts, let last): "\(method) gave up after \(attempts) attempts: \(last)"
        case .invalidResponse(let method, let detail): "\(method) answered unexpectedly: \(detail)"
        }
    }

    /// Slack's error code when it refused.
    public var code: String? {
        if case .refused(_, let error) = self { return error }
        return nil
    }

    /// The token was refused or revoked: nothing will work until an admin changes it.
    public var isAuthenticationFailure: Bool {
        guard let code else { return false }
        return Self.authenticationCodes.contains(code)
    }

    static let authenticationCodes: Set<String> = ["invalid_auth", "not_authed", "token_revoked", "token_expired", "account_inactive",
                                                   "not_allowed_token_type"]
    /// The channel cannot receive NexBoard's posts as things are (the bot is not a member, it is gone).
    static let channelCodes: Set<String> = ["channel_not_found", "not_in_channel", "is_archived", "restricted_action"]
}

extension SlackAPIError: UserFacingError {
    public var userMessage: String {
        switch code ?? "" {
        case "channel_not_found", "not_in_channel":
            "NexBoard is not in this channel. Invite it with `/invite @NexBoard` and try again."
        case "is_archived": "This channel is archived; NexBoard cannot post in it."
        case let code where Self.authenticationCodes.contains(code): "Slack refused NexBoard's token; an admin must check the configuration."
        case "missing_scope": "The Slack app lacks a permission (scope); an admin must reinstall it from the manifest."
        default: "Slack did not accept the reply; try again in a moment."
        }
    }
}

extension SlackAPIError: PermanentFailure {
    /// Slack refusing for good: a bad token, a channel NexBoard cannot post in, a missing scope,
    /// a payload Slack will never take.
    public var permanentReason: String? {
        guard let code, Self.authenticationCodes.contains(code) || Self.channelCodes.contains(code)
            || ["missing_scope", "invalid_blocks", "msg_too_long", "no_text", "invalid_arguments"].contains(code)
        else { return nil }
        return "Slack refused it (\(code))"
    }
}

/// The session's token was refused: reconnecting cannot help, `chat:slack` is down until it is changed.
struct SlackAuthenticationRefused: FinalSessionError, CustomStringConvertible {
    var code: String
    var description: String { "Slack refused the token (\(code))" }
}
