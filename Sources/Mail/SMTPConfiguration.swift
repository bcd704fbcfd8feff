import NexBoardCore

/// How `SMTPMailer` reaches and logs in to its server.
public struct SMTPConfiguration: Sendable, Equatable {
    /// How the connection is protected.
    public enum TLSMode: String, Sendable, Equatable, CaseIterable {
        /// `smtp://`: STARTTLS is required; a server that does not offer it is an error.
        case starttls
        /// `smtps://`: TLS from the first byte.
        case implicit
        /// `smtp://` in the clear (`tls: none` in the configuration). Meant for a relay on the same machine or network; the password,
        /// if any, travels unencrypted.
        case plain = "none"
    }

    public var server: SMTPServerAddress
    public var tls: TLSMode
    public var username: String?
    public var password: Secret?
    /// PEM file with the certificates to trust instead of the system's.
    public var caFile: String?
    public var connectTimeout: Duration
    /// For the whole exchange, connection included.
    public var timeout: Duration

    /// - Parameter tls: nil picks `.implicit` for smtps and `.starttls` for smtp.
    public init(server: SMTPServerAddress, tls: TLSMode? = nil, username: String? = nil, password: Secret? = nil,
                caFile: String? = nil, connectTimeout: Duration = .seconds(10), timeout: Duration = .seconds(30)) {
        self.server = server
        self.tls = tls ?? (server.scheme == "smtps" ? .implicit : .starttls)
        self.username = username
        self.password = password
        self.caFile = caFile
        self.connectTimeout = connectTimeout
        self.timeout = timeout
    }

    /// Why this TLS mode does not fit the URL's scheme, or nil when it does.
    public var mismatch: String? {
        switch (tls, server.scheme) {
        case (.implicit, "smtp"): "tls implicit needs an smtps:// URL"
        case (.starttls, "smtps"), (.plain, "smtps"): "an smtps:// URL always uses implicit TLS; use tls: implicit or an smtp:// URL"
        default: nil
        }
    }
}
