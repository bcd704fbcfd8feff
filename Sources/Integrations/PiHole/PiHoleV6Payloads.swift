/*
 Pi-hole v6 (FTL) answers, as documented in its OpenAPI specs (src/api/docs/content/specs):
 auth.yaml (`session`), dns.yaml (`blocking`, `timer`), stats.yaml (`queries`, `domains`). Every
 answer also carries `took`, ignored here; errors are `{"error": {"key", "message", "hint"}}`.
 */

/// `POST /api/auth`, `GET /api/auth`: the session.
struct PiHoleSessionAnswer: Decodable {
    struct Session: Decodable {
        var valid: Bool
        var sid: String?
        /// Seconds the session stays valid (extended by each authenticated call); -1 without login.
        var validity: Int
    }
    var session: Session
}

/// `POST /api/auth` body.
struct PiHoleLogin: Encodable {
    var password: String
}

/// `GET` and `POST /api/dns/blocking`.
struct PiHoleBlockingAnswer: Decodable {
    /// `enabled`, `disabled`, `failed` or `unknown`.
    var blocking: String
    /// Seconds until the opposite state is set by itself; nil when the state is permanent.
    var timer: Double?
}

/// `POST /api/dns/blocking` body: `timer` is sent as `null` to make the state permanent.
struct PiHoleBlockingChange: Encodable {
    var blocking: Bool
    var timer: Double?

    enum CodingKeys: String, CodingKey { case blocking, timer }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(blocking, forKey: .blocking)
        try container.encode(timer, forKey: .timer)
    }
}

/// `GET /api/stats/summary` (the parts shown).
struct PiHoleSummaryAnswer: Decodable {
    struct Queries: Decodable {
        var total: Int
        var blocked: Int
    }
    var queries: Queries
}

/// `GET /api/stats/top_domains?blocked=true&count=N`.
struct PiHoleTopDomainsAnswer: Decodable {
    struct Entry: Decodable {
        var domain: String
        var count: Int
    }
    var domains: [Entry]
}

/// Pi-hole v5 `admin/api.php?summaryRaw` (the parts shown). Without a valid `auth` token v5
/// answers `[]` instead of an error.
struct PiHoleV5Summary: Decodable {
    var dns_queries_today: Int
    var ads_blocked_today: Int
    var status: String
}

/// Pi-hole v5 `admin/api.php?enable`, `?disable=N`, `?status`.
struct PiHoleV5Status: Decodable {
    var status: String
}

/// Pi-hole v5 `admin/api.php?version`.
struct PiHoleV5Version: Decodable {
    var version: Int
}
