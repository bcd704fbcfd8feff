import Foundation

/// The saved state of one alert (one rule on one target); `machine` is the alert engine's own encoding.
public struct AlertStateRecord: Sendable, Hashable {
    /// Stable identity: rule, cluster and target.
    public var id: String
    public var cluster: String
    public var rule: String
    public var target: String
    /// For lists: "pve2 memory".
    public var label: String
    public var severity: String
    /// inactive, pending, firing, acknowledged, flapping.
    public var status: String
    public var machine: String
    public var updatedAt: Date

    public init(id: String, cluster: String, rule: String, target: String, label: String, severity: String, status: String,
                machine: String, updatedAt: Date) {
        self.id = id
        self.cluster = cluster
        self.rule = rule
        self.target = target
        self.label = label
        self.severity = severity
        self.status = status
        self.machine = machine
        self.updatedAt = updatedAt
    }
}
