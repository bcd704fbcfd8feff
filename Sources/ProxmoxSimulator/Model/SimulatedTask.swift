/// A power action (or historical) task on a node.
struct SimulatedTask: Sendable {
    enum Outcome: Sendable {
        case running
        case finished(exitStatus: String)
    }

    var upid: UPID
    var upidText: String
    var node: Int
    var vmid: Int?
    var kind: GuestKind?
    var action: String
    /// Epoch seconds.
    var start: Double
    var end: Double
    var outcome: Outcome
    var log: [String]
    var forcedError: String?

    var isRunning: Bool {
        if case .running = outcome { return true }
        return false
    }

    var exitStatus: String? {
        if case .finished(let status) = outcome { return status }
        return nil
    }
}
