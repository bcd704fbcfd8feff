import Foundation
import ChatDiscord
import NexBoardCore
import Proxmox

/// Autocomplete for Discord options, from the catalog's option types: guests (VMID and name) and
/// nodes from the cluster's `/cluster/resources`, and the configured cluster names.
struct DiscordAutocomplete: Sendable {
    let catalog: CommandCatalog
    let clusters: ClusterRegistry

    /// At most 25 choices, matching what was typed anywhere in the VMID or name, case-insensitive.
    func choices(command: [String], option: String, typed: String) async -> [DiscordCommandChoice] {
        guard let (spec, _) = catalog.match(command),
              let declared = spec.allOptions.first(where: { $0.name == option })
        else { return [] }
        let needle = typed.lowercased().trimmingCharacters(in: .whitespaces)
        func matches(_ text: String) -> Bool { needle.isEmpty || text.lowercased().contains(needle) }
        switch declared.type {
        case .cluster:
            return clusters.clusters.map(\.name).filter(matches).prefix(25).map { DiscordCommandChoice(name: $0, value: $0) }
        case .guest, .node:
            guard let cluster = try? clusters.cluster(named: nil),
                  let resources = try? await cluster.client.clusterResources(type: declared.type == .guest ? .vm : .node)
            else { return [] }
            if declared.type == .node {
                let names = resources.compactMap(\.node).filter(matches)
                return Array(Set(names)).sorted().prefix(25).map { DiscordCommandChoice(name: $0, value: $0) }
            }
            let guests = resources.filter { !$0.template }
                .compactMap { resource -> (Int, String, ClusterResource)? in
                    guard let vmid = resource.vmid else { return nil }
                    return (vmid, resource.name ?? "", resource)
                }
                .filter { matches(String($0.0)) || matches($0.1) }
                .sorted { $0.0 < $1.0 }
            return guests.prefix(25).map { vmid, name, resource in
                let details = [resource.node, resource.status].compactMap { $0 }.joined(separator: ", ")
                let label = "\(vmid) \(name)" + (details.isEmpty ? "" : " (\(details))")
                return DiscordCommandChoice(name: String(label.prefix(100)), value: String(vmid))
            }
        default:
            return []
        }
    }
}
