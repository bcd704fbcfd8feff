/// Where the HTTP server listens (`http.listen`) and the public address used in links (`http.public_url`).
public struct HTTPConfig: Sendable, Equatable {
    /// The address to bind, without brackets for IPv6 (`::1`).
    public var host: String
    /// The port to bind; 0 picks a free port.
    public var port: Int
    /// The http(s) URL users reach the server at, without a trailing slash; nil when not set.
    public var publicURL: String?

    public init(host: String = "127.0.0.1", port: Int = 8080, publicURL: String? = nil) {
        self.host = host
        self.port = port
        self.publicURL = publicURL
    }
}
