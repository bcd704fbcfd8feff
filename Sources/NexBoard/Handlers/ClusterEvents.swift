import Foundation
import NexBoardCore
import Proxmox

/// A recent thing that happened in the cluster, for `events` and `overview`.
struct ClusterEvent: Sendable {
    var time: Date
    var node: String
    var text: String
    var severity: Message.Severity
    /// What it is about: scoped users see only what their scope reaches.
    var concern: Concern
}

/// Builds the recent events from cluster tasks (guest power changes, failures, backups) and the
/// cluster log (node changes and other warnings), keeping those the requester may see.
enum ClusterEvents {
    static func recent(cluster: ClusterHandle, limit: Int, visibility: Visibility) async throws -> [ClusterEvent] {
        async let tasksRequest = cluster.client.clusterTasks()
        async let logRequest = cluster.client.clusterLog(max: 50)
        let tasks = try await tasksRequest
        let log = (try? await logRequest) ?? []
        // Only a scoped requester needs to know which guest a task was about.
        let guests: [Int: ResolvedGuest] = visibility.isWhole ? [:] : Dictionary(
            GuestResolver.guests(in: try await cluster.client.clusterResources(type: .vm), cluster: cluster.name).map { ($0.vmid, $0) },
            uniquingKeysWith: { first, _ in first })
        var events: [ClusterEvent] = []
        for task in tasks where !task.isRunning {
            let failed = task.succeeded == false
            let time = task.endTime ?? task.startTime
            let concern = GuestResolver.concern(vmid: task.id, node: task.node, cluster: cluster.name, guests: guests)
            if let text = TaskWording.event(type: task.type, id: task.id) {
                let outcome = task.type == "vzdump" ? (failed ? " failed: \(task.status ?? "?")" : " finished") : (failed ? " failed: \(task.status ?? "?")" : "")
                let base = failed && task.type != "vzdump" ? "\(TaskWording.describe(type: task.type, id: task.id)) failed: \(task.status ?? "?")" : text + outcome
                events.append(ClusterEvent(time: time, node: task.node, text: base, severity: failed ? .error : .info, concern: concern))
            } else if failed {
                events.append(ClusterEvent(time: time, node: task.node, text: "task \(task.type) \(task.id ?? "") failed: \(task.status ?? "?")",
                                           severity: .error, concern: concern))
            }
        }
        // Warnings and worse: node changes, quorum, fencing. Task start/end lines repeat the tasks above.
        for entry in log where entry.pri <= 4 && !entry.message.contains("task UPID:") {
            events.append(ClusterEvent(time: entry.time, node: entry.node, text: entry.message,
                                       severity: entry.pri <= 3 ? .error : .warning, concern: .node(cluster: cluster.name, name: entry.node)))
        }
        return Array(events.filter { visibility.contains($0.concern) }.sorted { $0.time > $1.time }.prefix(limit))
    }
}
