/// Where one homelab service is and how to reach it.
public struct IntegrationConnection: Sendable {
    /// What users call it (`Pi-hole`, or the configured name); errors and logs name it.
    public var service: String
    /// `http(s)://host[:port]`, without a trailing slash.
    public var baseURL: String
    public var tls: IntegrationTLS
    /// The deadline of each request, head and body.
    public var timeout: Duration

    public init(service: String, baseURL: String, tls: IntegrationTLS = .system, timeout: Duration = .seconds(10)) {
        self.service = service
        var base = baseURL
        while base.hasSuffix("/") { base.removeLast() }
        self.baseURL = base
        self.tls = tls
        self.timeout = timeout
    }
}
