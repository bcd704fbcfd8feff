import NexBoardCore

/// How to reach and authenticate against one Proxmox VE cluster.
public struct ProxmoxConnection: Sendable {
    /// How the client proves who it is.
    public enum Auth: Sendable {
        /// An API token: `id` is `USER@REALM!TOKENID`, `secret` the token's UUID.
        case token(id: String, secret: Secret)
        /// A user and password; the client logs in for a ticket and renews it before it expires.
        case password(username: String, password: Secret)
        /// A Proxmox Backup Server API token, sent as `PBSAPIToken=ID:SECRET` (a colon, not `=`).
        case backupServerToken(id: String, secret: Secret)
    }

    /// Which certificates the client trusts.
    public enum TLS: Sendable {
        /// The system's trust store.
        case system
        /// A PEM file of CA certificates, e.g. `/etc/pve/pve-root-ca.pem`.
        case caFile(String)
        /// PEM text of CA certificates.
        case caPEM(String)
        /// No certificate verification at all; logs a warning when the client starts.
        case insecure
        /// Exactly the certificate with this SHA-256 fingerprint (a self-signed one is fine; its issuer,
        /// names and dates are not checked); any other is refused before a request goes out. HTTPS only.
        case fingerprint(CertificateFingerprint)
    }

    /// The cluster's name in NexBoard (used in messages, logs and metrics).
    public var name: String
    /// The API origin, e.g. `https://pve1:8006`; the client appends `/api2/json`.
    public var baseURL: String
    public var auth: Auth
    public var tls: TLS
    /// The deadline for one request, from sending it to having read the whole answer.
    public var timeout: Duration

    public init(name: String, baseURL: String, auth: Auth, tls: TLS = .system, timeout: Duration = .seconds(10)) {
        self.name = name
        self.baseURL = baseURL
        self.auth = auth
        self.tls = tls
        self.timeout = timeout
    }
}
