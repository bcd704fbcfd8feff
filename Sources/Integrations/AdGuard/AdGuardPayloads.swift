/*
 AdGuard Home answers under `/control`, as its openapi.yaml documents them: `ServerStatus`,
 `Stats` (whose top lists are arrays of one-key objects, `[{"ads.example": 120}]`) and
 `SetProtectionRequest` (a pause's `duration` in milliseconds).
 */

/// `GET /control/status` (the parts shown).
struct AdGuardStatusAnswer: Decodable {
    var protection_enabled: Bool
    /// Milliseconds until protection turns itself back on; 0 when not paused.
    var protection_disabled_duration: Int64
    var running: Bool
    var version: String
}

/// `GET /control/stats` (the parts shown).
struct AdGuardStatsAnswer: Decodable {
    var num_dns_queries: Int
    var num_blocked_filtering: Int
    var top_blocked_domains: [[String: Double]]
}

/// `POST /control/protection` body.
struct AdGuardProtectionChange: Encodable {
    var enabled: Bool
    /// Milliseconds, only with `enabled: false`.
    var duration: Int64?
}
