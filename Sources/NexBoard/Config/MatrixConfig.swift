import ChatMatrix
import NexBoardCore

/// The Matrix bot (`matrix`); absent when NexBoard does not connect to Matrix.
public struct MatrixConfig: Sendable, Equatable {
    /// The homeserver's client-server URL (`homeserver`), `https://matrix.example.org`.
    public var homeserver: String
    /// `access_token`/`access_token_file`, or `user` with `password`/`password_file`.
    public var credentials: MatrixAdapterConfiguration.Credentials
    /// What commands start with (`prefix`, default `!nex`).
    public var prefix: String = "!nex"
    /// Room ids where commands are taken (`rooms`); empty: every room the bot is in.
    public var rooms: [String] = []
    /// User ids and server names whose invitations are accepted (`allow_invites_from`); empty: the bot's own homeserver.
    public var allowInvitesFrom: [String] = []
    /// `reply_style`: `reply` (rich replies, the default) or `thread`.
    public var replyStyle: MatrixAdapterConfiguration.ReplyStyle = .reply
    /// How long one sync waits for news (`sync_timeout`, default 30s).
    public var syncTimeout: Duration = .seconds(30)
    /// The deadline of one request (`request_timeout`, default 30s; a sync's adds `sync_timeout`).
    public var requestTimeout: Duration = .seconds(30)

    public init(homeserver: String, credentials: MatrixAdapterConfiguration.Credentials) {
        self.homeserver = homeserver
        self.credentials = credentials
    }

    /// What the platform is given.
    public var adapterConfiguration: MatrixAdapterConfiguration {
        MatrixAdapterConfiguration(homeserver: homeserver, credentials: credentials, prefix: prefix, rooms: Set(rooms),
                                   allowInvitesFrom: allowInvitesFrom, replyStyle: replyStyle, syncTimeout: syncTimeout,
                                   requestTimeout: requestTimeout)
    }
}
