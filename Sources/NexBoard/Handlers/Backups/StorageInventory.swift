import Foundation
import NexBoardCore
import Proxmox

/// One volume of a storage's content, with where it was read.
struct StoredVolume: Sendable {
    let item: StorageContentItem
    let storage: String
    /// The storage's plugin type (`dir`, `nfs`, `pbs`…).
    let storageType: String
    /// The node it was read on: for a local storage, the node that holds it.
    let node: String
    let shared: Bool
    /// False for a Proxmox Backup Server snapshot that no PVE storage lists: it shows, but PVE cannot restore it.
    var viaPVE = true
}

/// Reads the volumes of one content type (`backup`, `vztmpl`, `iso`) on every storage that holds it:
/// a shared storage once (on the first node where it is available), a local one on each node, all
/// requests at once. With `vmid`, PVE sends only that guest's volumes.
enum StorageInventory {
    static func load(_ cluster: ClusterHandle, content: String, onlyStorage: String? = nil, vmid: Int? = nil) async throws -> [StoredVolume] {
        let storages = try await cluster.client.clusterResources(type: .storage)
            .filter { $0.type == .storage && $0.status == "available" && parseContent($0.content).contains(content) }
            .filter { onlyStorage == nil || $0.storage == onlyStorage }
            .sorted { ($0.storage ?? "", $0.node ?? "") < ($1.storage ?? "", $1.node ?? "") }
        var seenShared = Set<String>()
        let reads = storages.filter { !$0.shared || seenShared.insert($0.storage ?? $0.id).inserted }
        return try await withThrowingTaskGroup(of: [StoredVolume].self) { group in
            for storage in reads {
                guard let name = storage.storage, let node = storage.node else { continue }
                group.addTask {
                    try await cluster.client.storageContent(node: node, storage: name, content: content, vmid: vmid).map {
                        StoredVolume(item: $0, storage: name, storageType: storage.plugintype ?? "", node: node, shared: storage.shared)
                    }
                }
            }
            var volumes: [StoredVolume] = []
            for try await part in group { volumes += part }
            return volumes
        }
    }

    /// The storages (by name) that hold `content`, for messages that name the right ones.
    static func storages(_ cluster: ClusterHandle, holding content: String) async throws -> [ClusterResource] {
        var seen = Set<String>()
        return try await cluster.client.clusterResources(type: .storage)
            .filter { $0.type == .storage && parseContent($0.content).contains(content) }
            .filter { seen.insert($0.storage ?? $0.id).inserted }
            .sorted { ($0.storage ?? "") < ($1.storage ?? "") }
    }

    private static func parseContent(_ text: String?) -> [String] {
        (text ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
    }
}
