import NexBoardCore
import Proxmox

extension Dispatcher {
    /// Autocomplete for the backup and deploy commands' options: storages, backups (`latest` and those
    /// of guests the requester may see), templates, appliances and presets. Empty for other options.
    func deploySuggestions(for option: CommandOption, of command: String, on cluster: ClusterHandle,
                           visibility: Visibility) async -> [Suggestion] {
        func plain(_ values: [String]) -> [Suggestion] { values.map { Suggestion(label: String($0.prefix(100)), value: $0) } }
        switch (option.type, option.name, command) {
        case (.storage, _, _):
            let resources = (try? await services.resources.resources(of: cluster)) ?? []
            return plain(Set(resources.filter { $0.type == .storage }.compactMap(\.storage)).sorted())
        case (.string, "backup", _):
            let resources = (try? await services.resources.resources(of: cluster)) ?? []
            let guests = Dictionary(GuestResolver.guests(in: resources, cluster: cluster.name).map { ($0.vmid, $0) },
                                    uniquingKeysWith: { first, _ in first })
            let volumes = ((try? await BackupInventory.load(cluster))?.volumes ?? [])
                .filter { $0.item.vmid.flatMap { guests[$0] }.map { visibility.contains(.guest($0.target)) } ?? false }
                .sorted(by: BackupReference.newestFirst)
            return [Suggestion(label: "latest", value: "latest")] + volumes.map { volume in
                let reference = BackupReference.reference(of: volume)
                let guest = volume.item.vmid.flatMap { guests[$0] }.map { "\($0.vmid) \($0.name)" } ?? ""
                return Suggestion(label: String("\(reference) · \(guest)".prefix(100)), value: reference)
            }
        case (.string, "template", "deploy vm"):
            let resources = (try? await services.resources.resources(of: cluster)) ?? []
            return plain(GuestResolver.guests(in: resources, cluster: cluster.name).filter { $0.resource.template && $0.kind == .qemu }.map(\.name).sorted())
        case (.string, "template", "deploy ct"):
            let volumes = (try? await StorageInventory.load(cluster, content: "vztmpl")) ?? []
            return plain(Set(volumes.map { DeployPlacement.fileName(of: $0.item.volid) }).sorted())
        case (.string, "template", "template download"):
            guard let node = try? await DeployPlacement.firstOnlineNode(cluster),
                  let appliances = try? await cluster.client.applianceTemplates(node: node) else { return [] }
            return plain(appliances.map(\.package).sorted())
        case (.string, "preset", _):
            return plain(services.deployPresets.keys.sorted())
        default:
            return []
        }
    }
}
