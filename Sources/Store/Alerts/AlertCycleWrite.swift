import Foundation

/// Everything one poll cycle decided, written in one transaction: alert states, outbox rows,
/// history lines and the task cursor.
public struct AlertCycleWrite: Sendable {
    /// When the cycle ran: new outbox rows are created and due at this time.
    public var now: Date
    public var states: [AlertStateRecord]
    /// Ids of alert states to forget (back to inactive with nothing out).
    public var deletedStates: [String]
    public var outbox: [OutboxEntry]
    public var history: [AlertHistoryEntry]
    /// Key-value pairs to save in the `alerting` namespace (the task cursor).
    public var keyValues: [String: String]

    public init(now: Date, states: [AlertStateRecord] = [], deletedStates: [String] = [], outbox: [OutboxEntry] = [],
                history: [AlertHistoryEntry] = [], keyValues: [String: String] = [:]) {
        self.now = now
        self.states = states
        self.deletedStates = deletedStates
        self.outbox = outbox
        self.history = history
        self.keyValues = keyValues
    }
}
