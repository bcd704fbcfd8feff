import NexBoardCore
import Proxmox

/// A configured cluster and its client.
struct ClusterHandle: Sendable {
    let name: String
    let client: ProxmoxClient
    /// The cluster's Proxmox Backup Server (`pbs:`), when configured.
    var backupServer: BackupServerHandle? = nil
}

/// A Proxmox Backup Server and the datastores NexBoard reads on it (all when empty).
struct BackupServerHandle: Sendable {
    let client: ProxmoxClient
    let datastores: [String]
}

/// The configured clusters, in configuration order.
struct ClusterRegistry: Sendable {
    let clusters: [ClusterHandle]

    /// The cluster named, or the default: the first configured one that `reaches` accepts (the
    /// first the requester may use the command on), else the first configured one.
    func cluster(named name: String?, reaches: (String) -> Bool = { _ in true }) throws -> ClusterHandle {
        guard let name else {
            guard let first = clusters.first(where: { reaches($0.name) }) ?? clusters.first else {
                throw InvalidRequest(userMessage: "No Proxmox cluster is configured.")
            }
            return first
        }
        if let found = clusters.first(where: { $0.name.lowercased() == name.lowercased() }) { return found }
        let names = clusters.map(\.name).filter(reaches)
        throw InvalidRequest(userMessage: "There is no cluster `\(name)`.\(Suggestions.didYouMean(Suggestions.closest(to: name, in: names))) Configured: \(names.map { "`\($0)`" }.joined(separator: ", ")).")
    }
}
