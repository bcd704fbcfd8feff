import Foundation
import NexBoardCore

/// Turns two snapshots of the same cluster into typed events. Pure: no I/O, no clock.
public enum EventDetector {
    /// Task types that stop a guest on purpose; a guest that stops without one of these crashed.
    static let stoppingTaskTypes: Set<String> = [
        "qmstop", "qmshutdown", "vzstop", "vzshutdown", "qmigrate", "vzmigrate", "qmdestroy", "vzdestroy", "qmsuspend",
        "qmpause", "vzsuspend", "qmreboot", "vzreboot", "hastop",
    ]

    /// Guest, node and quorum changes from `old` to `new`. Guests on a node that went offline are
    /// not reported as stopped (the node's event covers them).
    public static func diff(_ old: ClusterSnapshot, _ new: ClusterSnapshot) -> [ClusterEvent] {
        var events: [ClusterEvent] = []
        let cluster = new.cluster
        let time = new.takenAt
        func event(_ kind: ClusterEvent.Kind, node: String?, _ text: String, _ severity: AlertSeverity, guest: GuestSample? = nil) {
            let concern: Concern = if let guest { guest.concern(cluster: cluster) } else if let node { .node(cluster: cluster, name: node) }
                else { .cluster(cluster) }
            events.append(ClusterEvent(cluster: cluster, kind: kind, time: time, node: node, text: text, severity: severity,
                                       tags: guest?.tags ?? [], concern: concern))
        }

        if let was = old.quorate, let now = new.quorate, was != now {
            if now { event(.quorumRegained, node: nil, "Cluster \(cluster) is quorate again", .info) }
            else { event(.quorumLost, node: nil, "Cluster \(cluster) lost quorum", .critical) }
        }

        let oldNodes = Dictionary(old.nodes.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        var offlineNodes: Set<String> = []
        for node in new.nodes {
            if !node.online { offlineNodes.insert(node.name) }
            guard let before = oldNodes[node.name], before.online != node.online else { continue }
            if node.online { event(.nodeOnline(node: node.name), node: node.name, "Node \(node.name) is back online", .info) }
            else { event(.nodeOffline(node: node.name), node: node.name, "Node \(node.name) went offline", .critical) }
        }

        let stoppedOnPurpose = Set(new.tasks.filter { stoppingTaskTypes.contains($0.type) && $0.startTime >= old.takenAt.addingTimeInterval(-60) }
            .compactMap { Int($0.id) })
        // Guests come in the same order poll after poll: the guest at the same position is looked up
        // by VMID only when it is not the same one (10,000 guests: no dictionary of copies per poll).
        let oldGuests = old.guests, newGuests = new.guests
        var oldIndexByVMID: [Int: Int]?
        var seen = [Bool](repeating: false, count: oldGuests.count)
        for index in newGuests.indices where !newGuests[index].template {
            let vmid = newGuests[index].vmid
            let beforeIndex: Int?
            if index < oldGuests.count, oldGuests[index].vmid == vmid {
                beforeIndex = index
            } else {
                if oldIndexByVMID == nil { oldIndexByVMID = oldGuests.firstIndexByVMID() }
                beforeIndex = oldIndexByVMID?[vmid]
            }
            guard let beforeIndex else {
                let guest = newGuests[index]
                event(.guestCreated(vmid: vmid), node: guest.node, "\(guest.label) was created on \(guest.node)", .info, guest: guest)
                continue
            }
            seen[beforeIndex] = true
            // Most guests stay where and as they were: nothing to copy, nothing to report.
            if oldGuests[beforeIndex].node == newGuests[index].node, oldGuests[beforeIndex].status == newGuests[index].status { continue }
            let before = oldGuests[beforeIndex], guest = newGuests[index]
            if before.node != guest.node, !guest.node.isEmpty, !before.node.isEmpty {
                event(.guestMigrated(vmid: vmid, from: before.node, to: guest.node), node: guest.node,
                      "\(guest.label) moved from \(before.node) to \(guest.node)", .info, guest: guest)
            }
            if offlineNodes.contains(guest.node) || guest.status == "unknown" || before.status == "unknown" { continue }
            if !before.isRunning, guest.isRunning {
                event(.guestStarted(vmid: vmid), node: guest.node, "\(guest.label) started on \(guest.node)", .info, guest: guest)
            } else if before.isRunning, guest.status == "stopped" {
                let expected = stoppedOnPurpose.contains(vmid)
                event(.guestStopped(vmid: vmid, expected: expected), node: guest.node,
                      expected ? "\(guest.label) stopped on \(guest.node)" : "\(guest.label) stopped unexpectedly on \(guest.node)",
                      expected ? .info : .warning, guest: guest)
            }
        }
        // Usually none is left: the VMIDs still present are gathered only when one is.
        var present: Set<Int>?
        for index in oldGuests.indices where !seen[index] && !oldGuests[index].template {
            let before = oldGuests[index]
            if present == nil { present = Set(newGuests.lazy.filter { !$0.template }.map(\.vmid)) }
            if present?.contains(before.vmid) == true { continue }
            event(.guestRemoved(vmid: before.vmid), node: before.node, "\(before.label) was removed", .info, guest: before)
        }
        return events
    }

    /// Events for tasks that finished since the last poll: failures, and every backup's outcome.
    public static func taskEvents(_ finished: [TaskSample], cluster: String, guests: [GuestSample] = []) -> [ClusterEvent] {
        // Only the guests these tasks name: most polls finish no task, and a cluster has thousands of guests.
        let named = Set(finished.map(\.id))
        var guestsByID: [String: GuestSample] = [:]
        if !named.isEmpty {
            for guest in guests where guestsByID[String(guest.vmid)] == nil && named.contains(String(guest.vmid)) {
                guestsByID[String(guest.vmid)] = guest
            }
        }
        return finished.compactMap { task in
            let time = task.endTime ?? task.startTime
            let status = task.status ?? ""
            let guest = guestsByID[task.id]
            let tags = guest?.tags ?? []
            let concern: Concern = if let guest { guest.concern(cluster: cluster) }
                else if let vmid = Int(task.id) { .guest(GuestTarget(cluster: cluster, vmid: vmid, name: "", node: task.node, tags: [], pool: nil)) }
                else { .node(cluster: cluster, name: task.node) }
            if task.isBackup {
                let what = task.id.isEmpty ? "Backup on \(task.node)" : "Backup of \(task.id)"
                return ClusterEvent(
                    cluster: cluster, kind: .backupFinished(upid: task.upid, vmid: task.id, ok: task.succeeded, status: status),
                    time: time, node: task.node, text: task.succeeded ? "\(what) finished" : "\(what) failed: \(status)",
                    severity: task.succeeded ? .info : .critical, tags: tags, concern: concern)
            }
            guard !task.succeeded else { return nil }
            let what = task.id.isEmpty ? task.type : "\(task.type) \(task.id)"
            return ClusterEvent(cluster: cluster, kind: .taskFailed(upid: task.upid, type: task.type, status: status), time: time,
                                node: task.node, text: "Task \(what) on \(task.node) failed: \(status)", severity: .warning, tags: tags,
                                concern: concern)
        }
    }
}
