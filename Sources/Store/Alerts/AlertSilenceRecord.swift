import Foundation

/// A silence: alerts whose rule, target or id matches `matcher` are not announced until `endsAt`.
public struct AlertSilenceRecord: Sendable, Hashable {
    public var id: Int64
    public var matcher: String
    public var reason: String?
    public var createdBy: String
    public var createdAt: Date
    public var endsAt: Date

    public init(id: Int64 = 0, matcher: String, reason: String?, createdBy: String, createdAt: Date, endsAt: Date) {
        self.id = id
        self.matcher = matcher
        self.reason = reason
        self.createdBy = createdBy
        self.createdAt = createdAt
        self.endsAt = endsAt
    }
}
