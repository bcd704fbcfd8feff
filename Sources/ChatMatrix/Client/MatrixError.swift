import ChatKit
import Foundation
import NexBoardCore

/// What went wrong talking to the homeserver. Descriptions carry no access token.
public enum MatrixError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The homeserver answered with a Matrix error (`errcode`, `error`).
    case refused(endpoint: String, status: Int, code: String, message: String)
    /// 429 `M_LIMIT_EXCEEDED`: wait `retryAfter` (from `retry_after_ms`, else a default) and retry.
    case rateLimited(endpoint: String, retryAfter: Duration)
    /// The answer could not be read.
    case invalidResponse(endpoint: String, detail: String)
    /// The homeserver could not be reached or did not answer in time.
    case unreachable(endpoint: String, detail: String)

    public var description: String {
        switch self {
        case let .refused(endpoint, status, code, message): "\(endpoint): HTTP \(status) \(code): \(message)"
        case let .rateLimited(endpoint, retryAfter): "\(endpoint): rate limited, retry after \(retryAfter.wholeMilliseconds) ms"
        case let .invalidResponse(endpoint, detail): "\(endpoint): unreadable answer: \(detail)"
        case let .unreachable(endpoint, detail): "\(endpoint): homeserver unreachable: \(detail)"
        }
    }

    /// The access token is unknown or revoked (`M_UNKNOWN_TOKEN`), or a login was refused: retrying cannot help.
    public var isRejectedCredential: Bool {
        guard case let .refused(_, status, code, _) = self else { return false }
        return status == 401 && (code == "M_UNKNOWN_TOKEN" || code == "M_MISSING_TOKEN")
    }

    /// Worth sending again (the same transaction id): the homeserver was down, busy or said to wait.
    var isTransient: Bool {
        switch self {
        case .rateLimited, .unreachable: true
        case let .refused(_, status, _, _): status >= 500
        case .invalidResponse: false
        }
    }
}

extension MatrixError: PermanentFailure {
    /// A room the bot is not in, or a refusal by the homeserver's rules, will not change by retrying.
    public var permanentReason: String? {
        guard case let .refused(_, status, code, _) = self, (400..<500).contains(status), status != 429 else { return nil }
        return "the homeserver refused it (HTTP \(status) \(code))"
    }
}

/// The credential was refused for good: the platform stops and shows down on `/healthz`.
struct MatrixCredentialRejected: FinalSessionError, CustomStringConvertible {
    let detail: String
    var description: String { "the homeserver rejected the bot's credentials: \(detail)" }
}
