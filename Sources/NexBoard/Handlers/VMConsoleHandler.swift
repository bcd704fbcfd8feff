import NexBoardCore
import Proxmox

/// `vm console <guest> [--kind novnc|xterm|spice]`: a private, single-use link to the guest's
/// console on NexBoard's page (in a direct message where the chat has no private replies), or with
/// `console.proxy: false` the Proxmox UI's own console URL.
struct VMConsoleHandler: CommandHandler {
    let command = "vm console"

    func handle(_ context: CommandContext) async throws -> Message {
        let cluster = try context.cluster()
        let guest = try await context.authorizedGuest(on: cluster)
        guard let console = context.services.console else {
            throw InvalidRequest(userMessage: "Console links are not available in this NexBoard.")
        }
        let kind = context.command.text("kind").flatMap(ConsoleKind.init(rawValue:)) ?? .standard(for: guest.kind)
        let grant = ConsoleGrant(subject: context.request.subject, subjects: context.request.subjects, platform: context.request.platform,
                                 channel: context.request.channel, cluster: cluster.name, vmid: guest.vmid, guestKind: guest.kind,
                                 name: guest.name, node: guest.node, kind: kind)
        let title = "Console of \(guest.label)"
        guard console.configuration.proxy else {
            guard let url = console.proxmoxConsoleURL(grant) else {
                throw InvalidRequest(userMessage: "SPICE (.vv) files come from NexBoard's console page, which is off here "
                    + "(`console.proxy: false`): in the Proxmox UI, choose Console → SPICE.")
            }
            return Message(title: title, text: "Open it in the Proxmox UI (log in with your Proxmox account): \(url)",
                           fields: [.init("Node", guest.node), .init("Kind", kind.rawValue)], severity: .info, visibility: .requester)
        }
        let capabilities = context.request.capabilities
        guard capabilities.privateReplies || capabilities.directMessages else {
            throw InvalidRequest(userMessage: "A console link opens the console for whoever clicks it first, so NexBoard only gives one "
                + "in a private reply or a direct message, which this chat cannot send. Ask where NexBoard can answer you privately.")
        }
        guard let publicURL = console.publicURL else {
            throw InvalidRequest(userMessage: "Console links need the address people reach NexBoard's page at: set `http.public_url` "
                + "in the configuration (for example `https://nexboard.example.net`) and restart NexBoard.")
        }
        let token = await console.links.issue(grant)
        let ttl = DurationParser.humanize(console.configuration.linkTTL)
        return Message(title: title, text: "\(publicURL)/console/\(token.text)\nOpens once, within \(ttl); only for you.",
                       fields: [.init("Node", guest.node), .init("Kind", kind.rawValue)], severity: .info, visibility: .direct)
    }
}
