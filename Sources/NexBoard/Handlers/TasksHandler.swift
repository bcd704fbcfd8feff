import Foundation
import NexBoardCore
import Proxmox

/// `tasks [--node] [--errors] [--limit]`: recent Proxmox tasks.
struct TasksHandler: CommandHandler {
    let command = "tasks"

    func handle(_ context: CommandContext) async throws -> Message {
        let cluster = try context.cluster()
        let limit = min(50, max(1, context.command.integer("limit") ?? 15))
        let errorsOnly = context.command.flag("errors")
        var tasks: [TaskSummary]
        var node: String?
        if let text = context.command.text("node") {
            node = try await NodeResolver.resolve(text, cluster: cluster)
            tasks = try await cluster.client.nodeTasks(node: node!, limit: errorsOnly ? 500 : limit, errorsOnly: errorsOnly, vmid: nil)
        } else {
            tasks = try await cluster.client.clusterTasks()
        }
        if errorsOnly { tasks = tasks.filter { $0.succeeded == false } }
        let visibility = context.visibility
        if !visibility.isWhole {
            let guests = Dictionary(GuestResolver.guests(in: try await cluster.client.clusterResources(type: .vm), cluster: cluster.name)
                .map { ($0.vmid, $0) }, uniquingKeysWith: { first, _ in first })
            tasks = tasks.filter { visibility.contains(GuestResolver.concern(vmid: $0.id, node: $0.node, cluster: cluster.name, guests: guests)) }
        }
        tasks = Array(tasks.sorted { $0.startTime > $1.startTime }.prefix(limit))
        let now = context.now
        let rows = tasks.map { task -> [String] in
            let result = task.isRunning ? "running" : (task.status ?? "?")
            return [Format.ago(task.startTime, now: now), task.node, TaskWording.describe(type: task.type, id: task.id),
                    task.user, String(result.prefix(60))]
        }
        let failed = tasks.filter { $0.succeeded == false }.count
        return Message(
            title: (errorsOnly ? "Failed tasks" : "Recent tasks") + " on \(cluster.name)" + (node.map { " (\($0))" } ?? ""),
            table: Table(headers: ["started", "node", "task", "user", "result"], rows: rows),
            footer: tasks.isEmpty ? (errorsOnly ? "No failed task. " : "No task.") : "\(tasks.count) shown, \(failed) failed",
            severity: failed > 0 ? .warning : .info)
    }
}

/// Task types as people say them: `qmstart` → "start VM 101".
enum TaskWording {
    static func describe(type: String, id: String?) -> String {
        let target: String
        switch type.prefix(2) {
        case "qm": target = "VM \(id ?? "")"
        case "vz": target = type == "vzdump" ? "backup \(id ?? "")" : "CT \(id ?? "")"
        default: target = id ?? ""
        }
        let verb: String = switch type {
        case "qmstart", "vzstart": "start"
        case "qmstop", "vzstop": "stop"
        case "qmshutdown", "vzshutdown": "shutdown"
        case "qmreboot", "vzreboot": "reboot"
        case "qmsuspend", "vzsuspend", "qmpause": "suspend"
        case "qmresume", "vzresume": "resume"
        case "qmigrate", "vzmigrate": "migrate"
        case "qmclone", "vzclone": "clone"
        case "qmcreate", "vzcreate": "create"
        case "qmdestroy", "vzdestroy": "remove"
        case "vzdump": ""
        default: type
        }
        return [verb, target].filter { !$0.isEmpty }.joined(separator: " ").trimmingCharacters(in: .whitespaces)
    }

    /// The past tense for events: "VM 101 started".
    static func event(type: String, id: String?) -> String? {
        let kind = type.hasPrefix("qm") ? "VM" : "CT"
        let subject = "\(kind) \(id ?? "?")"
        return switch type {
        case "qmstart", "vzstart": "\(subject) started"
        case "qmstop", "vzstop": "\(subject) stopped"
        case "qmshutdown", "vzshutdown": "\(subject) shut down"
        case "qmreboot", "vzreboot": "\(subject) rebooted"
        case "qmsuspend", "vzsuspend", "qmpause": "\(subject) suspended"
        case "qmresume", "vzresume": "\(subject) resumed"
        case "qmigrate", "vzmigrate": "\(subject) migrated"
        case "qmcreate", "vzcreate": "\(subject) created"
        case "qmdestroy", "vzdestroy": "\(subject) removed"
        case "vzdump": "backup of \(id ?? "all guests")"
        default: nil
        }
    }
}
