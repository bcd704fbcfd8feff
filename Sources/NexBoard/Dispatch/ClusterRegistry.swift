import NexBoardCore
import Proxmox

/// A configured cluster and its client.
struct ClusterHandle: Sendable {
    let name: String
    let client: ProxmoxClient
}

/// The configured clusters, in configuration order; the first is the default.
struct ClusterRegistry: Sendable {
    let clusters: [ClusterHandle]

    func cluster(named name: String?) throws -> ClusterHandle {
        guard let name else {
            guard let first = clusters.first else { throw InvalidRequest(userMessage: "No Proxmox cluster is configured.") }
            return first
        }
        if let found = clusters.first(where: { $0.name.lowercased() == name.lowercased() }) { return found }
        let names = clusters.map(\.name)
        throw InvalidRequest(userMessage: "There is no cluster `\(name)`.\(Suggestions.didYouMean(Suggestions.closest(to: name, in: names))) Configured: \(names.map { "`\($0)`" }.joined(separator: ", ")).")
    }
}
