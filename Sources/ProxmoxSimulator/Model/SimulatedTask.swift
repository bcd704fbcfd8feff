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
    /// What the task works on beyond its guest (vzdump's storage, a restore's archive), by parameter name.
    var parameters: [String: String] = [:]
    /// Log lines written while the task runs, each at its time (epoch seconds).
    var pendingLog: [(time: Double, line: String)] = []

    var isRunning: Bool {
        if case .running = outcome { return true }
        return false
    }

    var exitStatus: String? {
        if case .finished(let status) = outcome { return status }
        return nil
    }
}
