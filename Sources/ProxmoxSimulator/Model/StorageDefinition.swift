/// A storage defined cluster-wide (as in /etc/pve/storage.cfg) and available on every node.
struct StorageDefinition: Sendable {
    var name: String
    var type: String
    var content: String
    var shared: Bool
    var total: Int
    var usedFraction: Double

    static let standard: [StorageDefinition] = [
        StorageDefinition(name: "local", type: "dir", content: "iso,vztmpl,backup", shared: false,
                          total: 100 * gib, usedFraction: 0.31),
        StorageDefinition(name: "local-lvm", type: "lvmthin", content: "images,rootdir", shared: false,
                          total: 800 * gib, usedFraction: 0.42),
        StorageDefinition(name: "nfs-share", type: "nfs", content: "images,iso,backup", shared: true,
                          total: 4000 * gib, usedFraction: 0.57),
        StorageDefinition(name: "pbs-store", type: "pbs", content: "backup", shared: true,
                          total: 2000 * gib, usedFraction: 0.48),
    ]
}

let gib = 1 << 30
let mib = 1 << 20
