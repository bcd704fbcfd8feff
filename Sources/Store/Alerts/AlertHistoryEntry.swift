import Foundation
import NexBoardCore

/// One line of the alert history: a notification as it was decided (before fan-out).
public struct AlertHistoryEntry: Sendable, Hashable {
    public var dedupeKey: String
    public var time: Date
    public var cluster: String
    public var kind: String
    public var severity: String
    public var text: String
    /// What the line is about, for scoped users; nil (lines written before v6): the whole cluster.
    public var concern: Concern?

    public init(dedupeKey: String, time: Date, cluster: String, kind: String, severity: String, text: String, concern: Concern? = nil) {
        self.dedupeKey = dedupeKey
        self.time = time
        self.cluster = cluster
        self.kind = kind
        self.severity = severity
        self.text = text
        self.concern = concern
    }
}
