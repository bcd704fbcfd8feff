import NexBoardCore

/// Where the HTTP page listens, who may read the details of `/healthz`, and which proxies name the client.
public struct WebPageConfiguration: Sendable, Equatable {
    /// The address to bind, without brackets for IPv6 (`::1`); `0.0.0.0` in a container.
    public var host: String
    /// The port to bind; `0` picks a free one (see `WebPageServer.boundPort()`).
    public var port: Int
    /// The http(s) URL users reach the page at (behind a reverse proxy), without a trailing slash,
    /// used in links the bot posts; nil when not set.
    public var publicURL: String?
    /// A bearer token that lets a caller from elsewhere read the details of `/healthz` (callers on
    /// this machine read them without it); nil: only local callers do.
    public var healthToken: Secret?
    /// The reverse proxies whose `X-Forwarded-For` names the client (see `TrustedProxies`); none by default.
    public var trustedProxies: TrustedProxies

    public init(host: String = "127.0.0.1", port: Int = 8080, publicURL: String? = nil, healthToken: Secret? = nil,
                trustedProxies: TrustedProxies = TrustedProxies()) {
        self.host = host
        self.port = port
        self.publicURL = publicURL
        self.healthToken = healthToken
        self.trustedProxies = trustedProxies
    }
}
