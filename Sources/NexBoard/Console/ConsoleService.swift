import Foundation
import Logging
import NexBoardCore
import Proxmox
import Store

/// Console links as `vm console` and the HTTP page share them: the configuration, the links and
/// sessions, the permission check made again when a link is opened, and the audit of every open,
/// refusal and close.
final class ConsoleService: Sendable {
    let configuration: ConsoleConfig
    /// `http.public_url`, without a trailing slash; links need it.
    let publicURL: String?
    /// The Proxmox UI's address per cluster (`https://pve.example.net:8006`), for `console.proxy: false`.
    let proxmoxUI: [String: String]
    let links: ConsoleLinks
    /// noVNC and the terminal library on this machine, indexed when NexBoard starts.
    let assets: ConsoleAssets
    let page: ConsolePage
    /// The clusters, whose clients the console proxy uses.
    let clusters: ClusterRegistry
    private let policy: AccessPolicy
    private let audit: any AuditLog
    let now: @Sendable () -> Date
    /// What the proxy sleeps on until `console.max_session`, and measures a session's duration with.
    let clock: AnyClock
    let logger: Logger

    init(configuration: ConsoleConfig, publicURL: String?, proxmoxUI: [String: String], clusters: ClusterRegistry, policy: AccessPolicy,
         audit: any AuditLog, now: @escaping @Sendable () -> Date, clock: AnyClock, logger: Logger) {
        self.configuration = configuration
        self.publicURL = publicURL
        self.proxmoxUI = proxmoxUI
        self.links = ConsoleLinks(linkTTL: configuration.linkTTL, maxSession: configuration.maxSession, now: now)
        self.assets = ConsoleAssets(configuration)
        self.page = ConsolePage(assets: assets)
        self.clusters = clusters
        self.policy = policy
        self.audit = audit
        self.now = now
        self.clock = clock
        self.logger = logger
    }

    /// Whether the session cookie needs `Secure`: the page is reached over https.
    var secureCookies: Bool { publicURL?.lowercased().hasPrefix("https://") == true }

    /// Checks `console.open` again on the guest as it is now (its tags, pool and node may have
    /// changed since the link was issued); returns the grant with the guest's current node and name.
    func authorize(_ grant: ConsoleGrant) async -> Result<ConsoleGrant, ConsoleRefusal> {
        let resources: [ClusterResource]
        do {
            resources = try await clusters.cluster(named: grant.cluster).client.clusterResources(type: .vm)
        } catch {
            logger.warning("Could not read the cluster to open a console", metadata: ["cluster": "\(grant.cluster)", "error": "\(error)"])
            return .failure(.denied(grant, reason: "the cluster could not be read: \(error)"))
        }
        guard let guest = GuestResolver.guests(in: resources, cluster: grant.cluster).first(where: { $0.vmid == grant.vmid }) else {
            return .failure(.denied(grant, reason: "the guest no longer exists"))
        }
        if case .denied(let reason) = policy.check(.consoleOpen, subjects: grant.subjects, guest: guest.target) {
            return .failure(.denied(grant, reason: reason))
        }
        return .success(ConsoleGrant(subject: grant.subject, subjects: grant.subjects, platform: grant.platform, channel: grant.channel,
                                     cluster: grant.cluster, vmid: grant.vmid, guestKind: guest.kind, name: guest.name, node: guest.node,
                                     kind: grant.kind))
    }

    /// The `.vv` file of a SPICE link: a one-time SPICE ticket from Proxmox (`spiceproxy`, with
    /// NexBoard's credentials) through `console.spice_proxy`, by default the host of the cluster's URL.
    func spiceFile(_ grant: ConsoleGrant) async -> Result<String, ConsoleRefusal> {
        let proxy = configuration.spiceProxy ?? proxmoxUI[grant.cluster].flatMap { URLComponents(string: $0)?.host }
        do {
            let client = try clusters.cluster(named: grant.cluster).client
            let settings = try await client.spiceProxy(node: grant.node, kind: grant.guestKind, vmid: grant.vmid, proxy: proxy)
            return .success(settings.virtViewerFile)
        } catch {
            logger.warning("Proxmox gave no SPICE ticket", metadata: ["cluster": "\(grant.cluster)", "vmid": "\(grant.vmid)", "error": "\(error)"])
            return .failure(.proxmoxFailed(grant, reason: "spiceproxy failed: \(error)"))
        }
    }

    /// Writes one audit entry for the console of `grant` (or, for a token that named none, for the address).
    func record(_ action: String, grant: ConsoleGrant?, address: String, result: AuditResult, detail: String?) async {
        let entry = AuditEntry(
            time: now(), subject: grant?.subject.description ?? "web:\(address)", platform: grant?.platform ?? "web",
            channel: grant?.channel, command: "console \(action)", arguments: "from \(address)" + (grant.map { " --kind \($0.kind.rawValue)" } ?? ""),
            target: grant?.audited, result: result, detail: detail, cluster: grant?.cluster)
        do {
            try await audit.record(entry)
        } catch {
            logger.error("Could not write the audit log", metadata: ["error": "\(error)", "command": "\(entry.command)"])
        }
    }

    /// The Proxmox UI's own console for the guest (`console.proxy: false`); nil for SPICE, which the
    /// UI opens through its API rather than a URL.
    func proxmoxConsoleURL(_ grant: ConsoleGrant) -> String? {
        guard let base = proxmoxUI[grant.cluster], grant.kind != .spice else { return nil }
        var components = URLComponents(string: base + "/")
        var items = [URLQueryItem(name: "console", value: grant.guestKind == .qemu ? "kvm" : "lxc")]
        items.append(URLQueryItem(name: grant.kind == .novnc ? "novnc" : "xtermjs", value: "1"))
        items += [URLQueryItem(name: "vmid", value: String(grant.vmid)), URLQueryItem(name: "vmname", value: grant.name),
                  URLQueryItem(name: "node", value: grant.node)]
        if grant.kind == .novnc { items.append(URLQueryItem(name: "resize", value: "off")) }
        items.append(URLQueryItem(name: "cmd", value: ""))
        components?.queryItems = items
        return components?.string
    }
}
