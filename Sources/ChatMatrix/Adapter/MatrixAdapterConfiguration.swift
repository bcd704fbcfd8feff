import NexBoardCore

/// What the Matrix platform needs: where the homeserver is, how the bot signs in, which rooms and
/// invitations it accepts, and how it answers.
public struct MatrixAdapterConfiguration: Sendable {
    /// How the bot signs in.
    public enum Credentials: Sendable, Equatable {
        /// An access token, checked with `/account/whoami`.
        case accessToken(Secret)
        /// A password login as `user` (a localpart or a full user id); the device id is kept across logins.
        case password(user: String, password: Secret)
    }

    /// Where replies go: as rich replies to the command, or in the command's thread.
    public enum ReplyStyle: String, Sendable, CaseIterable {
        case reply, thread
    }

    /// `https://matrix.example.org`.
    public var homeserver: String
    public var credentials: Credentials
    /// What a command starts with (`!nex`).
    public var prefix: String
    /// Rooms the bot takes commands in (room ids); empty: every room it is in.
    public var rooms: Set<String>
    /// Whose invitations the bot accepts: user ids (`@alice:example.org`) and server names
    /// (`example.org`). Empty: users of the bot's own homeserver.
    public var allowInvitesFrom: [String]
    public var replyStyle: ReplyStyle
    /// How long one `/sync` waits for something new.
    public var syncTimeout: Duration
    /// The deadline of one request to the homeserver (a sync's is this plus `syncTimeout`).
    public var requestTimeout: Duration
    /// The shortest time between two edits of one message (task progress): edits in between are
    /// folded into the next.
    public var editInterval: Duration
    /// The device id of a password login when none is stored yet.
    public var deviceID: String

    public init(homeserver: String, credentials: Credentials, prefix: String = "!nex", rooms: Set<String> = [],
                allowInvitesFrom: [String] = [], replyStyle: ReplyStyle = .reply, syncTimeout: Duration = .seconds(30),
                requestTimeout: Duration = .seconds(30), editInterval: Duration = .seconds(1), deviceID: String = "NEXBOARD") {
        self.homeserver = homeserver
        self.credentials = credentials
        self.prefix = prefix
        self.rooms = rooms
        self.allowInvitesFrom = allowInvitesFrom
        self.replyStyle = replyStyle
        self.syncTimeout = syncTimeout
        self.requestTimeout = requestTimeout
        self.editInterval = editInterval
        self.deviceID = deviceID
    }

    /// Whether an invitation from `inviter` is accepted, the bot being `bot`.
    public func acceptsInvite(from inviter: String, bot: String) -> Bool {
        guard let server = MatrixIdentity.serverName(ofUser: inviter) else { return false }
        if allowInvitesFrom.isEmpty { return server == MatrixIdentity.serverName(ofUser: bot) }
        return allowInvitesFrom.contains { $0 == inviter || $0 == server }
    }
}

/// Where the platform keeps its state across restarts: the sync position (`next_batch`), the device
/// id of a password login. NexBoard backs it with its SQLite store.
public protocol MatrixStateStore: Sendable {
    func value(forKey key: String) async throws -> String?
    func setValue(_ value: String?, forKey key: String) async throws
}

/// A `MatrixStateStore` in memory (tests).
public actor InMemoryMatrixStateStore: MatrixStateStore {
    private var values: [String: String] = [:]

    public init() {}

    public func value(forKey key: String) -> String? {
        values[key]
    }

    public func setValue(_ value: String?, forKey key: String) {
        values[key] = value
    }
}
