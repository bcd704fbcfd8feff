import NexBoardCore

/// How NexBoard authenticates to a Proxmox VE cluster.
public enum ClusterAuth: Sendable, Equatable {
    /// An API token: `id` is `USER@REALM!TOKENID`, `secret` the token's UUID.
    case token(id: String, secret: Secret)
    /// A ticket from a user name (`USER@REALM`) and password.
    case password(username: String, password: Secret)
}
