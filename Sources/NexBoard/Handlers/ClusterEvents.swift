import Foundation
import NexBoardCore
import Proxmox

/// A recent thing that happened in the cluster, for `events` and `overview`.
struct ClusterEvent: Sendable {
    var time: Date
    var node: String
    var text: String
    var severity: Message.Severity
}

/// Builds the recent events from cluster tasks (guest power changes, failures, backups) and the
/// cluster log (node changes and other warnings).
enum ClusterEvents {
    static func recent(cluster: ClusterHandle, limit: Int) async throws -> [ClusterEvent] {
        async let tasksRequest = cluster.client.clusterTasks()
        async let logRequest = cluster.client.clusterLog(max: 50)
        let tasks = try await tasksRequest
        let log = (try? await logRequest) ?? []
        var events: [ClusterEvent] = []
        for task in tasks where !task.isRunning {
            let failed = task.succeeded == false
            if let text = TaskWording.event(type: task.type, id: task.id) {
                let outcome = task.type == "vzdump" ? (failed ? " failed: \(task.status ?? "?")" : " finished") : (failed ? " failed: \(task.status ?? "?")" : "")
                let base = failed && task.type != "vzdump" ? "\(TaskWording.describe(type: task.type, id: task.id)) failed: \(task.status ?? "?")" : text + outcome
                events.append(ClusterEvent(time: task.endTime ?? task.startTime, node: task.node, text: base, severity: failed ? .error : .info))
            } else if failed {
                events.append(ClusterEvent(time: task.endTime ?? task.startTime, node: task.node,
                                           text: "task \(task.type) \(task.id ?? "") failed: \(task.status ?? "?")", severity: .error))
            }
        }
        // Warnings and worse: node changes, quorum, fencing. Task start/end lines repeat the tasks above.
        for entry in log where entry.pri <= 4 && !entry.message.contains("task UPID:") {
            events.append(ClusterEvent(time: entry.time, node: entry.node, text: entry.message,
                                       severity: entry.pri <= 3 ? .error : .warning))
        }
        return Array(events.sorted { $0.time > $1.time }.prefix(limit))
    }
}
