import Foundation
import NexBoardCore
import Proxmox

/// `overview`: the cluster at a glance.
struct OverviewHandler: CommandHandler {
    let command = "overview"

    func handle(_ context: CommandContext) async throws -> Message {
        let cluster = try context.cluster()
        async let resourcesRequest = cluster.client.clusterResources(type: nil)
        let visibility = context.visibility
        async let eventsRequest = ClusterEvents.recent(cluster: cluster, limit: 5, visibility: visibility)
        async let homelabRequest = HomelabSummary.fields(context)
        let resources = try await resourcesRequest
        let events = (try? await eventsRequest) ?? []

        let nodes = resources.filter { $0.type == .node }
        let online = nodes.filter { $0.status == "online" }
        let guests = context.visibleGuests(in: resources, cluster: cluster.name).filter { !$0.resource.template }
        let running = guests.filter { $0.resource.status == "running" }
        let cores = online.reduce(0.0) { $0 + ($1.maxcpu ?? 0) }
        let busy = online.reduce(0.0) { $0 + ($1.cpu ?? 0) * ($1.maxcpu ?? 0) }
        let memory = online.reduce((used: Int64(0), total: Int64(0))) { ($0.used + ($1.mem ?? 0), $0.total + ($1.maxmem ?? 0)) }
        var seenShared = Set<String>()
        let storages = resources.filter { $0.type == .storage && $0.status == "available" }
            .filter { !$0.shared || seenShared.insert($0.storage ?? $0.id).inserted }
        let disk = storages.reduce((used: Int64(0), total: Int64(0))) { ($0.used + ($1.disk ?? 0), $0.total + ($1.maxdisk ?? 0)) }
        let cpu = cores > 0 ? busy / cores : nil
        let now = context.now
        let excerpt = events.map { "\(Format.ago($0.time, now: now)) · \($0.node) · \($0.text)" }.joined(separator: "\n")
        let healthy = online.count == nodes.count
        return Message(
            title: "\(cluster.name): \(online.count)/\(nodes.count) nodes online, \(running.count)/\(guests.count) guests running",
            fields: [
                .init("CPU", "\(PercentBar.render(cpu)) \(Format.percent(cpu)) of \(Int(cores)) cores"),
                .init("Memory", "\(PercentBar.render(Format.ratio(memory.used, memory.total))) \(Format.usage(memory.used, memory.total))"),
                .init("Storage", "\(PercentBar.render(Format.ratio(disk.used, disk.total))) \(Format.usage(disk.used, disk.total))"),
                .init("Offline nodes", healthy ? "none" : nodes.filter { $0.status != "online" }.compactMap(\.node).joined(separator: ", ")),
            ] + (await homelabRequest),
            code: excerpt.isEmpty ? nil : "Recent events\n" + excerpt,
            buttons: [Button("Guests", command: "vm list"), Button("Cluster status", command: "nodes"),
                      Button("Tasks", command: "tasks"), Button("Heatmap", command: "monitor heatmap"),
                      Button("Topology", command: "topology"), Button("Back up…", command: "backup status"),
                      Button("Create…", command: "template list")],
            severity: healthy ? .success : .warning)
    }
}
