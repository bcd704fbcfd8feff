import Foundation
import Proxmox

/// What one poll of a cluster saw: `/cluster/resources`, `/cluster/status` and `/cluster/tasks`.
public struct ClusterSnapshot: Sendable, Hashable {
    public var cluster: String
    public var takenAt: Date
    /// nil when the cluster status did not say (a single node without a cluster).
    public var quorate: Bool?
    public var nodes: [NodeSample]
    public var guests: [GuestSample]
    public var storages: [StorageSample]
    public var tasks: [TaskSample]
    /// The newest backup of each guest (by VMID) on the cluster's storages and Backup Server, when this
    /// poll read them (they change once a day or so: not every poll reads them); nil otherwise.
    public var storedBackups: [Int: Date]?

    public init(cluster: String, takenAt: Date, quorate: Bool? = nil, nodes: [NodeSample] = [], guests: [GuestSample] = [],
                storages: [StorageSample] = [], tasks: [TaskSample] = [], storedBackups: [Int: Date]? = nil) {
        self.cluster = cluster
        self.takenAt = takenAt
        self.quorate = quorate
        self.nodes = nodes
        self.guests = guests
        self.storages = storages
        self.tasks = tasks
        self.storedBackups = storedBackups
    }

    /// Builds a snapshot from the three API answers. A node's online flag comes from the cluster
    /// status when it lists the node, else from its resource status.
    public init(cluster: String, takenAt: Date, resources: [ClusterResource], status: [ClusterStatusEntry], tasks: [TaskSummary]) {
        var onlineByNode: [String: Bool] = [:]
        var quorate: Bool?
        for entry in status {
            switch entry.type {
            case .cluster: quorate = entry.quorate
            case .node: if let online = entry.online { onlineByNode[entry.name] = online }
            case .unknown: break
            }
        }
        var nodes: [NodeSample] = []
        var guests: [GuestSample] = []
        // Most resources are guests: 10,000 of them grow no array a dozen times.
        guests.reserveCapacity(resources.count)
        var storages: [StorageSample] = []
        // Guests read where they lie (see `GuestSample.init(_:)`): copied, they were a quarter of
        // this snapshot's time at 10,000 guests.
        resources.withUnsafeBufferPointer { resources in
            for index in resources.indices {
                let resource = resources.baseAddress! + index
                switch resource.pointee.type {
                case .node:
                    let name = resource.pointee.node ?? resource.pointee.name ?? resource.pointee.id
                    nodes.append(NodeSample(
                        name: name, online: onlineByNode[name] ?? (resource.pointee.status == "online"), cpu: resource.pointee.cpu,
                        memory: fraction(resource.pointee.mem, resource.pointee.maxmem),
                        rootDisk: fraction(resource.pointee.disk, resource.pointee.maxdisk)))
                case .storage:
                    storages.append(StorageSample(node: resource.pointee.node ?? "", name: resource.pointee.storage ?? resource.pointee.id,
                                                  usage: fraction(resource.pointee.disk, resource.pointee.maxdisk)))
                case .qemu, .lxc:
                    if let vmid = resource.pointee.vmid { guests.append(GuestSample(resource, vmid: vmid)) }
                case .pool, .sdn, .unknown:
                    break
                }
            }
        }
        self.init(cluster: cluster, takenAt: takenAt, quorate: quorate, nodes: nodes, guests: guests, storages: storages,
                  tasks: tasks.map(TaskSample.init))
    }

    /// Reads the cluster through its client (three requests, concurrently).
    public static func fetch(from client: ProxmoxClient, cluster: String, now: Date) async throws -> ClusterSnapshot {
        async let resources = client.clusterResources()
        async let status = client.clusterStatus()
        async let tasks = client.clusterTasks()
        return try await ClusterSnapshot(cluster: cluster, takenAt: now, resources: resources, status: status, tasks: tasks)
    }

    public func node(_ name: String) -> NodeSample? { nodes.first { $0.name == name } }
}
