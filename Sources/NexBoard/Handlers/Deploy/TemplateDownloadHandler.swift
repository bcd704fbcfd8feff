import NexBoardCore
import Proxmox

/// `template download <name> [--storage] [--node]`: downloads an appliance template (by package name,
/// e.g. `debian-12-standard`, or file name) and follows the task.
struct TemplateDownloadHandler: CommandHandler {
    let command = "template download"

    func handle(_ context: CommandContext) async throws -> Message {
        let cluster = try context.cluster()
        try context.requireUnscoped(for: "Downloading a template")
        let node = try await DeployPlacement.node(context, cluster: cluster)
        let wanted = context.command.text("template") ?? ""
        let appliances = try await cluster.client.applianceTemplates(node: node)
        guard let appliance = appliances.first(where: { $0.package == wanted || $0.template == wanted }) else {
            let hint = Suggestions.didYouMean(Suggestions.closest(to: wanted, in: appliances.map(\.package)))
            throw InvalidRequest(userMessage: "There is no appliance template `\(wanted)`.\(hint) `template list --available` lists them.")
        }
        let storage = context.command.text("storage") ?? "local"
        let holding = try await StorageInventory.storages(cluster, holding: "vztmpl").compactMap(\.storage)
        guard holding.contains(storage) else {
            throw InvalidRequest(userMessage: "Storage `\(storage)` does not hold container templates. Storages that do: "
                                 + holding.map { "`\($0)`" }.joined(separator: ", ") + ".")
        }
        await context.notes.set(target: appliance.template, cluster: cluster.name)
        let upid = try await cluster.client.downloadAppliance(node: node, storage: storage, template: appliance.template)
        let footer = "cluster \(cluster.name) · node \(node) · task \(upid.description)"
        switch try await context.follow(upid, on: cluster, title: "Downloading \(appliance.package) to \(storage) on \(node)…") {
        case .stillRunning:
            return Message(title: "Download of \(appliance.package) is still running", footer: footer, severity: .warning)
        case .failed(let status, let log):
            return Message(title: "Download of \(appliance.package) failed", text: "Task ended: \(Markup.literal(status.exitStatus ?? "unknown")).",
                           code: log.joined(separator: "\n"), footer: footer, severity: .error)
        case .succeeded:
            return Message(title: "\(appliance.package) downloaded to \(storage) on \(node)",
                           buttons: [Button("Templates", command: "template list")], footer: footer, severity: .success)
        }
    }
}
