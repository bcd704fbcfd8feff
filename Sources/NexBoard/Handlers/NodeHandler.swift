import NexBoardCore
import Proxmox

/// `node <name>`: details of one node.
struct NodeHandler: CommandHandler {
    let command = "node"

    func handle(_ context: CommandContext) async throws -> Message {
        let cluster = try context.cluster()
        let name = try await NodeResolver.resolve(context.command.text("name") ?? "", cluster: cluster)
        let resources = try await cluster.client.clusterResources(type: nil)
        guard let summary = resources.first(where: { $0.type == .node && $0.node == name }), summary.status == "online" else {
            return Message(title: "Node \(name)", text: "\(name) is offline: Proxmox cannot reach it.", severity: .error)
        }
        let status = try await cluster.client.nodeStatus(node: name)
        let guests = context.visibleGuests(in: resources, cluster: cluster.name).filter { $0.node == name }
        let running = guests.filter { $0.resource.status == "running" }
        let load = status.loadAverage.map { String(format: "%.2f", $0) }.joined(separator: " ")
        return Message(
            title: "Node \(name)",
            fields: [
                .init("CPU", "\(PercentBar.render(status.cpu)) \(Format.percent(status.cpu)) of \(status.cpuCount) cores"),
                .init("Memory", "\(PercentBar.render(Format.ratio(status.memoryUsed, status.memoryTotal))) \(Format.usage(status.memoryUsed, status.memoryTotal))"),
                .init("Root disk", "\(PercentBar.render(Format.ratio(status.rootUsed, status.rootTotal))) \(Format.usage(status.rootUsed, status.rootTotal))"),
                .init("Load", load.isEmpty ? "–" : load),
                .init("Uptime", Format.uptime(status.uptime)),
                .init("Guests", "\(running.count) running of \(guests.count)"),
                .init("Version", status.pveVersion ?? "–"),
                .init("Kernel", status.kernelVersion ?? "–"),
            ],
            buttons: [Button("Guests on \(name)", command: "vm list --node \(name)"),
                      Button("Tasks on \(name)", command: "tasks --node \(name)")],
            footer: "cluster \(cluster.name)",
            severity: .success)
    }
}

/// Finds a node by name (case-insensitive), with suggestions.
enum NodeResolver {
    static func resolve(_ text: String, cluster: ClusterHandle) async throws -> String {
        let names = try await cluster.client.nodes().map(\.node)
        if let found = names.first(where: { $0.lowercased() == text.lowercased() }) { return found }
        throw InvalidRequest(userMessage: "There is no node `\(text)`.\(Suggestions.didYouMean(Suggestions.closest(to: text, in: names))) Nodes: \(names.sorted().joined(separator: ", ")).")
    }
}
