import Foundation

/// One entry of `GET /cluster/log` (the cluster's syslog-like event log).
public struct ClusterLogEntry: Sendable, Hashable, Decodable {
    /// Syslog severity, from `pri`.
    public enum Severity: Int, Sendable, Hashable, Comparable {
        case emergency = 0, alert, critical, error, warning, notice, info, debug

        public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rawValue < rhs.rawValue }
    }

    public var time: Date
    public var node: String
    public var user: String
    public var tag: String
    /// PVE's `msg`.
    public var message: String
    /// Syslog priority as sent (0 emergency ... 7 debug).
    public var pri: Int

    public var severity: Severity { Severity(rawValue: min(max(pri, 0), 7) & 7) ?? .info }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.anyKeyed()
        time = c.lenientDate("time") ?? Date(timeIntervalSince1970: 0)
        node = c.lenientString("node") ?? ""
        user = c.lenientString("user") ?? ""
        tag = c.lenientString("tag") ?? ""
        message = c.lenientString("msg") ?? c.lenientString("message") ?? ""
        pri = c.lenientInt("pri") ?? 6
    }
}
