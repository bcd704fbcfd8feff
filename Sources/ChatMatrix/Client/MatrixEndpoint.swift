import Foundation

/// One client-server API call (v3; an upload goes to the media API): its method, its path, and a
/// description for logs that names the call but no token, no message content and no password.
enum MatrixEndpoint: Sendable {
    case login
    case whoami
    case sync
    case send(room: String, type: String, transaction: String)
    case redact(room: String, event: String, transaction: String)
    case join(room: String)
    case leave(room: String)
    case createRoom
    case invite(room: String)
    case memberState(room: String, user: String)
    case upload

    var method: String {
        switch self {
        case .whoami, .sync, .memberState: "GET"
        case .send, .redact: "PUT"
        case .login, .join, .leave, .createRoom, .invite, .upload: "POST"
        }
    }

    /// Where the API's paths start: `/_matrix/client/v3`, or `/_matrix/media/v3` for an upload.
    var base: String {
        switch self {
        case .upload: "/_matrix/media/v3"
        default: "/_matrix/client/v3"
        }
    }

    /// The path below `base`, with ids percent-encoded (room ids start with `!`).
    var path: String {
        switch self {
        case .login: "/login"
        case .whoami: "/account/whoami"
        case .sync: "/sync"
        case let .send(room, type, transaction): "/rooms/\(Self.encode(room))/send/\(Self.encode(type))/\(Self.encode(transaction))"
        case let .redact(room, event, transaction):
            "/rooms/\(Self.encode(room))/redact/\(Self.encode(event))/\(Self.encode(transaction))"
        case let .join(room): "/join/\(Self.encode(room))"
        case let .leave(room): "/rooms/\(Self.encode(room))/leave"
        case .createRoom: "/createRoom"
        case let .invite(room): "/rooms/\(Self.encode(room))/invite"
        case let .memberState(room, user): "/rooms/\(Self.encode(room))/state/m.room.member/\(Self.encode(user))"
        case .upload: "/upload"
        }
    }

    /// `send m.room.message to !room`: safe to log.
    var description: String {
        switch self {
        case .login: "login"
        case .whoami: "whoami"
        case .sync: "sync"
        case let .send(room, type, _): "send \(type) to \(room)"
        case let .redact(room, event, _): "redact \(event) in \(room)"
        case let .join(room): "join \(room)"
        case let .leave(room): "leave \(room)"
        case .createRoom: "createRoom"
        case let .invite(room): "invite to \(room)"
        case let .memberState(room, user): "membership of \(user) in \(room)"
        case .upload: "upload"
        }
    }

    private static let unreserved = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~")

    static func encode(_ segment: String) -> String {
        segment.addingPercentEncoding(withAllowedCharacters: unreserved) ?? segment
    }
}
