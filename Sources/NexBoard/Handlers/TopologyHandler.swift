import NexBoardCore
import Proxmox

/// `topology [--node]`: the cluster as a tree: nodes, their bridges with the bonds and NICs
/// under them, VLANs, and the guests on each bridge (interface, VLAN tag, firewall, address when
/// the configuration names one); SDN zones and vnets when there are any. Guests are the ones the
/// requester may see; their configurations are read for at most `maximumGuests`.
struct TopologyHandler: CommandHandler {
    let command = "topology"
    static let maximumGuests = 200
    static let concurrentRequests = 8

    func handle(_ context: CommandContext) async throws -> Message {
        let cluster = try context.cluster()
        let resources = try await cluster.client.clusterResources(type: nil)
        var nodes = resources.filter { $0.type == .node }.compactMap { node in node.node.map { ($0, node.status == "online") } }
            .sorted { $0.0 < $1.0 }
        if let wanted = context.command.text("node") {
            let name = try await NodeResolver.resolve(wanted, cluster: cluster)
            nodes = nodes.filter { $0.0 == name }
        }
        let names = Set(nodes.map(\.0))
        let guests = context.visibleGuests(in: resources, cluster: cluster.name)
            .filter { names.contains($0.node) }
            .sorted { $0.vmid < $1.vmid }
        let withDevices = guests.count <= Self.maximumGuests
        async let sdnRequest = cluster.client.sdn()
        let devices = withDevices ? try await networkDevices(of: guests, cluster: cluster) : [:]
        var children: [TreeChart.Node] = []
        for (name, online) in nodes {
            let here = guests.filter { $0.node == name }
            guard online else {
                children.append(.init("\(name)  offline", [.init("\(here.count) guests")]))
                continue
            }
            let interfaces = try await cluster.client.nodeNetwork(node: name)
            children.append(Self.node(name, interfaces: interfaces, guests: here, devices: withDevices ? devices : nil))
        }
        let sdn = try await sdnRequest
        if !sdn.zones.isEmpty {
            children.append(.init("SDN", sdn.zones.map { zone in
                .init("zone \(zone.zone)  \(zone.type)", sdn.vnets.filter { $0.zone == zone.zone }.map { vnet in
                    .init(([vnet.vnet, vnet.tag.map { "tag \($0)" }, vnet.alias].compactMap { $0 }).joined(separator: "  "))
                })
            }))
        }
        let tree = TreeChart(root: .init("\(cluster.name)  \(nodes.count) nodes, \(guests.count) guests", children))
        return Message(
            title: "Topology of \(cluster.name)",
            code: tree.render(width: context.request.capabilities.monospaceWidth),
            buttons: [Button("Heatmap", command: "monitor heatmap")],
            footer: withDevices ? "fw: Proxmox firewall on; addresses as the configuration names them"
                : "\(guests.count) guests: too many to read each one's network; narrow with --node")
    }

    /// Each guest's network devices, from its configuration.
    private func networkDevices(of guests: [ResolvedGuest], cluster: ClusterHandle) async throws -> [Int: [GuestNetworkDevice]] {
        let found = try await guests.concurrentMap(limit: Self.concurrentRequests) { guest in
            let config = try await cluster.client.guestConfig(node: guest.node, kind: guest.kind, vmid: guest.vmid)
            return (guest.vmid, config.networkDevices)
        }
        return Dictionary(found, uniquingKeysWith: { _, last in last })
    }

    /// A node: its bridges (ports, VLANs, guests under each), then what sits on no bridge.
    static func node(_ name: String, interfaces: [NetworkInterface], guests: [ResolvedGuest],
                     devices: [Int: [GuestNetworkDevice]]?) -> TreeChart.Node {
        let byName = Dictionary(interfaces.map { ($0.iface, $0) }, uniquingKeysWith: { first, _ in first })
        var placed = Set<String>()
        var children: [TreeChart.Node] = []
        for bridge in interfaces.filter({ $0.type.hasSuffix("Bridge") || $0.type == "bridge" || $0.type == "vnet" }) {
            placed.insert(bridge.iface)
            var under: [TreeChart.Node] = bridge.bridgePorts.map { port in
                placed.insert(port)
                guard let member = byName[port] else { return .init(port) }
                member.slaves.forEach { placed.insert($0) }
                return .init(describe(member))
            }
            for vlan in interfaces where vlan.type == "vlan" && vlan.vlanRawDevice == bridge.iface {
                placed.insert(vlan.iface)
                under.append(.init(describe(vlan)))
            }
            if let devices {
                for guest in guests {
                    for device in devices[guest.vmid] ?? [] where device.bridge == bridge.iface {
                        under.append(.init(describe(guest, device)))
                    }
                }
            }
            children.append(.init(describe(bridge), under))
        }
        for interface in interfaces where !placed.contains(interface.iface) && interface.type != "eth" {
            children.append(.init(describe(interface)))
        }
        if devices == nil { children.append(.init("\(guests.count) guests")) }
        return .init(name, children)
    }

    /// "vmbr0  bridge  10.0.0.11/24  LAN  vlan-aware", "bond0  bond active-backup  eno1 eno2", "vmbr0.20  vlan 20  DMZ".
    static func describe(_ interface: NetworkInterface) -> String {
        var parts = [interface.iface]
        switch interface.type {
        case "bond": parts.append(["bond", interface.bondMode].compactMap { $0 }.joined(separator: " "))
        case "vlan": parts.append("vlan \(interface.vlanID.map(String.init) ?? "?")")
        default: parts.append(interface.type)
        }
        if !interface.slaves.isEmpty { parts.append(interface.slaves.joined(separator: " ")) }
        if let cidr = interface.cidr { parts.append(cidr) }
        if let comments = interface.comments { parts.append(comments) }
        if interface.vlanAware { parts.append("vlan-aware") }
        if !interface.active { parts.append("inactive") }
        return parts.joined(separator: "  ")
    }

    /// "101 web01  net0  vlan 20  fw  10.0.20.5/24".
    static func describe(_ guest: ResolvedGuest, _ device: GuestNetworkDevice) -> String {
        var parts = ["\(guest.vmid) \(guest.name)", device.key]
        if let tag = device.tag { parts.append("vlan \(tag)") }
        if device.firewall { parts.append("fw") }
        if let address = device.address { parts.append(address) }
        if guest.resource.status != "running" { parts.append("(\(guest.resource.status ?? "unknown"))") }
        return parts.joined(separator: "  ")
    }
}
