import Foundation

/// A proxy host of Nginx Proxy Manager, as `proxy hosts` shows it.
public struct ProxyHost: Sendable, Equatable {
    public var id: Int
    public var domains: [String]
    /// `http://10.0.0.5:8080`.
    public var forward: String
    public var enabled: Bool
    /// Whether nginx accepted its configuration (nil: not reported).
    public var online: Bool?
    public var certificate: ProxyCertificate?

    public init(id: Int, domains: [String], forward: String, enabled: Bool, online: Bool?, certificate: ProxyCertificate?) {
        self.id = id
        self.domains = domains
        self.forward = forward
        self.enabled = enabled
        self.online = online
        self.certificate = certificate
    }
}

/// A TLS certificate Nginx Proxy Manager holds (Let's Encrypt or uploaded).
public struct ProxyCertificate: Sendable, Equatable {
    public var id: Int
    public var name: String
    public var domains: [String]
    /// `letsencrypt` or `other`.
    public var provider: String
    public var expiresOn: Date?

    public init(id: Int, name: String, domains: [String], provider: String, expiresOn: Date?) {
        self.id = id
        self.name = name
        self.domains = domains
        self.provider = provider
        self.expiresOn = expiresOn
    }

    /// Whole days from `now` to expiry, negative once expired; nil when unknown.
    public func daysLeft(now: Date) -> Int? {
        expiresOn.map { Int(($0.timeIntervalSince(now) / 86_400).rounded(.down)) }
    }
}
