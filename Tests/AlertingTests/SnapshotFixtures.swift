import Foundation

@testable import Alerting

/// Small hand-made snapshots for the pure tests.
enum SnapshotFixtures {
    static let start = Date(timeIntervalSince1970: 1_795_000_000)

    static func snapshot(at seconds: TimeInterval = 0, quorate: Bool = true, nodes: [NodeSample]? = nil, guests: [GuestSample]? = nil,
                         tasks: [TaskSample] = []) -> ClusterSnapshot {
        ClusterSnapshot(
            cluster: "homelab", takenAt: start.addingTimeInterval(seconds), quorate: quorate,
            nodes: nodes ?? [NodeSample(name: "pve1", online: true, cpu: 0.1, memory: 0.5, rootDisk: 0.3),
                             NodeSample(name: "pve2", online: true, cpu: 0.1, memory: 0.5, rootDisk: 0.3)],
            guests: guests ?? [web, db, lab],
            storages: [StorageSample(node: "pve1", name: "local", usage: 0.4)],
            tasks: tasks)
    }

    static let web = GuestSample(vmid: 101, name: "web01", node: "pve1", status: "running", tags: ["prod"], cpu: 0.2, memory: 0.4)
    static let db = GuestSample(vmid: 102, name: "db01", node: "pve2", status: "running", tags: ["prod"], cpu: 0.2, memory: 0.4)
    static let lab = GuestSample(vmid: 200, name: "lab", kind: "lxc", node: "pve2", status: "stopped", tags: ["lab"])

    static func task(_ upid: String, type: String = "qmstart", id: String = "101", node: String = "pve1", end: TimeInterval?,
                     status: String? = "OK") -> TaskSample {
        TaskSample(upid: upid, node: node, type: type, id: id, startTime: start.addingTimeInterval((end ?? 0) - 5),
                   endTime: end.map { start.addingTimeInterval($0) }, status: end == nil ? nil : status)
    }
}
