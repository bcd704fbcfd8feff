import Foundation

/// A channel's subscription to alerts; `filter` is the alert engine's own encoding.
public struct AlertSubscriptionRecord: Sendable, Hashable {
    /// `<platform>:<channel>`, e.g. `console:console`, `discord:1234`.
    public var destination: String
    public var filter: String
    public var createdBy: String
    public var createdAt: Date

    public init(destination: String, filter: String, createdBy: String, createdAt: Date) {
        self.destination = destination
        self.filter = filter
        self.createdBy = createdBy
        self.createdAt = createdAt
    }
}
