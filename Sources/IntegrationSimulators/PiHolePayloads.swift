/*
 What the simulated Pi-hole sends, shaped after the FTL v6 OpenAPI specs (auth.yaml, dns.yaml,
 stats.yaml, common.yaml's error envelope) and Pi-hole v5's recorded `admin/api.php` answers.
 */

struct PiHoleSessionBody: Encodable {
    struct Session: Encodable {
        var valid: Bool
        var totp = false
        var sid: String?
        var csrf: String?
        var validity: Int
        var message: String?

        enum CodingKeys: String, CodingKey { case valid, totp, sid, csrf, validity, message }

        // Pi-hole writes `null` for a missing sid, csrf or message.
        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(valid, forKey: .valid)
            try container.encode(totp, forKey: .totp)
            try container.encode(sid, forKey: .sid)
            try container.encode(csrf, forKey: .csrf)
            try container.encode(validity, forKey: .validity)
            try container.encode(message, forKey: .message)
        }
    }
    var session: Session
    var took = 0.003
}

struct PiHoleErrorBody: Encodable {
    struct Detail: Encodable {
        var key: String
        var message: String
        var hint: String?

        enum CodingKeys: String, CodingKey { case key, message, hint }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(key, forKey: .key)
            try container.encode(message, forKey: .message)
            try container.encode(hint, forKey: .hint)
        }
    }
    var error: Detail
    var took = 0.0001

    static let unauthorized = PiHoleErrorBody(error: Detail(key: "unauthorized", message: "Unauthorized", hint: nil))
}

struct PiHoleBlockingBody: Encodable {
    var blocking: String
    var timer: Double?
    var took = 0.0002

    enum CodingKeys: String, CodingKey { case blocking, timer, took }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(blocking, forKey: .blocking)
        try container.encode(timer, forKey: .timer)
        try container.encode(took, forKey: .took)
    }
}

struct PiHoleBlockingRequest: Decodable {
    var blocking: Bool?
    var timer: Double?
}

struct PiHoleLoginRequest: Decodable {
    var password: String?
}

struct PiHoleSummaryBody: Encodable {
    struct Queries: Encodable {
        var total: Int
        var blocked: Int
        var percent_blocked: Double
        var unique_domains: Int
        var forwarded: Int
        var cached: Int
    }
    struct Clients: Encodable {
        var active: Int
        var total: Int
    }
    struct Gravity: Encodable {
        var domains_being_blocked: Int
        var last_update: Int
    }
    var queries: Queries
    var clients: Clients
    var gravity: Gravity
    var took = 0.001
}

struct PiHoleTopDomainsBody: Encodable {
    struct Entry: Encodable {
        var domain: String
        var count: Int
    }
    var domains: [Entry]
    var total_queries: Int
    var blocked_queries: Int
    var took = 0.001
}

struct PiHoleV5SummaryBody: Encodable {
    var domains_being_blocked: Int
    var dns_queries_today: Int
    var ads_blocked_today: Int
    var ads_percentage_today: Double
    var unique_domains: Int
    var queries_forwarded: Int
    var queries_cached: Int
    var status: String
}

struct PiHoleV5StatusBody: Encodable {
    var status: String
}

struct PiHoleV5VersionBody: Encodable {
    var version = 3
}
