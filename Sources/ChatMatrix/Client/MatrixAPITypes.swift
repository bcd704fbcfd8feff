import Foundation

/// The answer of `/account/whoami`.
public struct MatrixWhoAmI: Decodable, Sendable, Equatable {
    public var userID: String
    public var deviceID: String?

    enum CodingKeys: String, CodingKey {
        case userID = "user_id", deviceID = "device_id"
    }
}

/// The answer of `/login`.
public struct MatrixLogin: Decodable, Sendable {
    public var userID: String
    public var accessToken: String
    public var deviceID: String?

    enum CodingKeys: String, CodingKey {
        case userID = "user_id", accessToken = "access_token", deviceID = "device_id"
    }
}

struct MatrixLoginRequest: Encodable, Sendable {
    struct Identifier: Encodable, Sendable {
        var type = "m.id.user"
        var user: String
    }

    var type = "m.login.password"
    var identifier: Identifier
    var password: String
    var deviceID: String?
    var initialDeviceDisplayName: String?

    enum CodingKeys: String, CodingKey {
        case type, identifier, password, deviceID = "device_id", initialDeviceDisplayName = "initial_device_display_name"
    }
}

/// `/createRoom`'s body, as far as NexBoard (a direct room) and its tests use it.
public struct MatrixCreateRoom: Encodable, Sendable {
    public var name: String?
    public var preset: String
    public var invite: [String]
    /// A direct conversation: the invitations say so, and clients list the room with the person.
    public var isDirect: Bool
    /// Extra state at creation (`m.room.encryption` for an encrypted room).
    public var initialState: [MatrixStateEvent]

    public init(name: String? = nil, preset: String = "private_chat", invite: [String] = [], isDirect: Bool = false,
                initialState: [MatrixStateEvent] = []) {
        self.name = name
        self.preset = preset
        self.invite = invite
        self.isDirect = isDirect
        self.initialState = initialState
    }

    enum CodingKeys: String, CodingKey {
        case name, preset, invite, isDirect = "is_direct", initialState = "initial_state"
    }

    /// A state event for `initialState`.
    public struct MatrixStateEvent: Encodable, Sendable {
        public var type: String
        public var stateKey: String
        public var content: MatrixJSON

        public init(type: String, stateKey: String = "", content: MatrixJSON) {
            self.type = type
            self.stateKey = stateKey
            self.content = content
        }

        enum CodingKeys: String, CodingKey {
            case type, stateKey = "state_key", content
        }
    }
}

struct MatrixEventID: Decodable, Sendable {
    var eventID: String
    enum CodingKeys: String, CodingKey { case eventID = "event_id" }
}

struct MatrixRoomID: Decodable, Sendable {
    var roomID: String
    enum CodingKeys: String, CodingKey { case roomID = "room_id" }
}

/// The answer to an upload.
struct MatrixContentURI: Decodable, Sendable {
    var contentURI: String
    enum CodingKeys: String, CodingKey { case contentURI = "content_uri" }
}

struct MatrixEmpty: Codable, Sendable {}

/// An `m.room.member` state event's content, as far as its membership.
struct MatrixMembership: Decodable, Sendable {
    var membership: String
}

struct MatrixReason: Encodable, Sendable {
    var reason: String?
}

struct MatrixErrorBody: Decodable, Sendable {
    var errcode: String?
    var error: String?
    var retryAfterMilliseconds: Int?

    enum CodingKeys: String, CodingKey {
        case errcode, error, retryAfterMilliseconds = "retry_after_ms"
    }
}
