import Logging

/// A DNS filter NexBoard can read and pause: Pi-hole (v6 or v5) or AdGuard Home.
public protocol DNSFilter: Sendable {
    /// What users call it (`Pi-hole`, `AdGuard Home`, or the configured name).
    var service: String { get }
    /// Blocking state, today's counts and the most blocked domains.
    func status(logger: Logger) async throws -> DNSFilterStatus
    /// Turns blocking on, or off for `duration` (nil: until turned on again). Returns the new state.
    func setBlocking(enabled: Bool, for duration: Duration?, logger: Logger) async throws -> DNSBlocking
}

/// Whether a DNS filter blocks, and for how long it stays as it is.
public enum DNSBlocking: Sendable, Equatable {
    case enabled
    /// Off; `remaining` is how long until it turns itself back on (nil: off until someone turns it on).
    case disabled(remaining: Duration?)
    /// A state the service reports that NexBoard does not know (Pi-hole's `failed`, `unknown`).
    case other(String)

    public var isEnabled: Bool { self == .enabled }
}

/// One domain and how often it was asked for.
public struct DomainCount: Sendable, Equatable {
    public var domain: String
    public var count: Int

    public init(domain: String, count: Int) {
        self.domain = domain
        self.count = count
    }
}

/// What `dns status` shows of one filter.
public struct DNSFilterStatus: Sendable, Equatable {
    /// Product and version, `Pi-hole v6` or `AdGuard Home v0.107.52`.
    public var product: String
    public var blocking: DNSBlocking
    public var queries: Int
    public var blocked: Int
    /// The period the counts cover: `today` (Pi-hole) or `last 24 hours` (AdGuard Home's default).
    public var period: String
    /// The most blocked domains, most first; empty when the API does not tell (Pi-hole v5).
    public var topBlocked: [DomainCount]

    public init(product: String, blocking: DNSBlocking, queries: Int, blocked: Int, period: String, topBlocked: [DomainCount]) {
        self.product = product
        self.blocking = blocking
        self.queries = queries
        self.blocked = blocked
        self.period = period
        self.topBlocked = topBlocked
    }

    /// Blocked queries as a share of all, 0...1.
    public var blockedRatio: Double { queries > 0 ? Double(blocked) / Double(queries) : 0 }
}
