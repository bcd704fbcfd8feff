import NexBoardCore
import Proxmox

/// `iso list`: installation images on every storage that holds them.
struct ISOListHandler: CommandHandler {
    let command = "iso list"

    func handle(_ context: CommandContext) async throws -> Message {
        let cluster = try context.cluster()
        let images = try await StorageInventory.load(cluster, content: "iso").sorted { $0.item.volid < $1.item.volid }
        guard !images.isEmpty else { return Message(title: "ISO images on \(cluster.name)", text: "No ISO images.", severity: .info) }
        return Message(title: "ISO images on \(cluster.name)",
                       table: Table(headers: ["image", "where", "size"],
                                    rows: images.map { [DeployPlacement.fileName(of: $0.item.volid),
                                                        $0.shared ? "\($0.storage) (shared)" : "\($0.storage) on \($0.node)", Format.bytes($0.item.size)] },
                                    alignments: [.left, .left, .right]),
                       footer: "\(images.count) image(s)", severity: .info)
    }
}
