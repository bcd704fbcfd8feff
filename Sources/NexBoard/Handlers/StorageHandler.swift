import NexBoardCore
import Proxmox

/// `storage [--node]`: capacity of every storage, per node; shared storages once.
struct StorageHandler: CommandHandler {
    let command = "storage"

    func handle(_ context: CommandContext) async throws -> Message {
        let cluster = try context.cluster()
        var node: String?
        if let text = context.command.text("node") {
            node = try await NodeResolver.resolve(text, cluster: cluster)
        }
        let resources = try await cluster.client.clusterResources(type: .storage)
        var seenShared = Set<String>()
        let storages = resources
            .filter { $0.type == .storage && (node == nil || $0.node == node) }
            .sorted { (($0.storage ?? ""), ($0.node ?? "")) < (($1.storage ?? ""), ($1.node ?? "")) }
            .filter { !$0.shared || seenShared.insert($0.storage ?? $0.id).inserted }
        let rows = storages.map { storage -> [String] in
            let ratio = Format.ratio(storage.disk, storage.maxdisk)
            return [
                storage.storage ?? storage.id, storage.shared ? "shared" : (storage.node ?? "?"), storage.plugintype ?? "?",
                storage.status ?? "?", Format.bytes(storage.disk), Format.bytes(storage.maxdisk),
                "\(PercentBar.render(ratio)) \(Format.percent(ratio))",
            ]
        }
        let full = storages.filter { (Format.ratio($0.disk, $0.maxdisk) ?? 0) >= 0.85 }
        return Message(
            title: "Storage on \(cluster.name)" + (node.map { " (\($0))" } ?? ""),
            table: Table(headers: ["storage", "node", "type", "status", "used", "size", "use"], rows: rows,
                         alignments: [.left, .left, .left, .left, .right, .right, .left]),
            footer: full.isEmpty ? "\(storages.count) storages" : "\(full.count) storage(s) 85% full or more: " + full.compactMap(\.storage).joined(separator: ", "),
            severity: full.isEmpty ? .info : .warning)
    }
}
