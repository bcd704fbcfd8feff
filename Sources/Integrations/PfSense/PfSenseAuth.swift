import Foundation
import NexBoardCore

/// How NexBoard authenticates to pfSense's REST API v2 package (System → REST API → Settings
/// chooses the methods it accepts).
public enum PfSenseAuth: Sendable, Equatable {
    /// An API key (System → REST API → Keys), sent as `X-API-Key`.
    case apiKey(Secret)
    /// A local pfSense user, sent as HTTP basic authentication.
    case basic(username: String, password: Secret)

    var header: (name: String, value: String) {
        switch self {
        case let .apiKey(key):
            ("X-API-Key", key.value)
        case let .basic(username, password):
            ("Authorization", "Basic " + Data("\(username):\(password.value)".utf8).base64EncodedString())
        }
    }
}
