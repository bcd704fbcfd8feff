import Foundation
import NexBoardCore
import Proxmox

/// `vm start|stop|shutdown|reboot|suspend|resume <guest>`: starts the Proxmox task and edits the
/// reply until it ends, saying how it ended.
struct VMPowerHandler: CommandHandler {
    let action: PowerAction
    var command: String { "vm \(action.rawValue)" }

    static let all: [VMPowerHandler] = PowerAction.allCases.map { VMPowerHandler(action: $0) }

    func handle(_ context: CommandContext) async throws -> Message {
        let cluster = try context.cluster()
        let guest = try await context.authorizedGuest(on: cluster)
        if guest.resource.template {
            throw InvalidRequest(userMessage: "\(guest.label) is a template; templates cannot be \(wording.past).")
        }
        if let problem = precondition(status: guest.resource.status) {
            throw InvalidRequest(userMessage: "\(guest.label) \(problem)")
        }
        // With several clusters, the question says which one: a node name may exist in each.
        let place = context.services.clusters.clusters.count > 1 ? "\(guest.node) in \(cluster.name)" : guest.node
        try context.confirm("\(wording.verb) \(guest.label) on \(place)", guest: guest)

        let started = context.now
        let upid = try await cluster.client.powerAction(action, node: guest.node, kind: guest.kind, vmid: guest.vmid)
        let footer = "cluster \(cluster.name) · node \(guest.node) · task \(upid.description)"
        switch try await context.follow(upid, on: cluster, title: "\(wording.progressive) \(guest.label) on \(guest.node)…") {
        case .stillRunning:
            return Message(title: "\(guest.label): \(action.rawValue) is still running",
                           text: "Its task goes on in Proxmox; `tasks` shows when it ends.",
                           footer: "cluster \(cluster.name) · task \(upid.description)", severity: .warning)
        case .succeeded(let final):
            let elapsed = Duration.seconds(max(0, context.now.timeIntervalSince(started)))
            return Message(title: "\(guest.label) \(wording.past)",
                           text: "Task ended \(Markup.literal(final.exitStatus ?? "OK")) after \(Self.seconds(elapsed)).",
                           footer: footer, severity: .success)
        case .failed(let final, let log):
            return Message(title: "\(guest.label): \(action.rawValue) failed",
                           text: "Task ended: \(Markup.literal(final.exitStatus ?? "unknown")).",
                           code: log.joined(separator: "\n"), footer: footer, severity: .error)
        }
    }

    /// What makes the action pointless in the guest's current state.
    private func precondition(status: String?) -> String? {
        switch (action, status) {
        case (.start, "running"): "is already running."
        case (.stop, "stopped"), (.shutdown, "stopped"), (.reboot, "stopped"), (.suspend, "stopped"):
            "is not running."
        default: nil
        }
    }

    private var wording: (verb: String, progressive: String, past: String) {
        switch action {
        case .start: ("Start", "Starting", "started")
        case .stop: ("Stop", "Stopping", "stopped")
        case .shutdown: ("Shut down", "Shutting down", "shut down")
        case .reboot: ("Reboot", "Rebooting", "rebooted")
        case .suspend: ("Suspend", "Suspending", "suspended")
        case .resume: ("Resume", "Resuming", "resumed")
        }
    }

    private static func seconds(_ duration: Duration) -> String {
        String(format: "%.1f s", duration.timeInterval)
    }
}
