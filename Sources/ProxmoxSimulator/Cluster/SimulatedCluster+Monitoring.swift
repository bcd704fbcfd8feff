import Foundation

/// Monitoring endpoints: RRD history of nodes and guests, node network configuration, SDN zones
/// and vnets.
///
/// History is a deterministic function of time, like the live load: a daily cycle that peaks in
/// the evening, short spikes, and gaps (a guest that is stopped or started within the range, a
/// node's collector missing an hour now and then).
extension SimulatedCluster {
    /// An RRD timeframe: how far back, and the step between points (PVE returns 70 points).
    struct RRDTimeframe {
        var step: Double

        static let points = 70

        init(_ text: String?) throws(SimulatorAPIError) {
            switch text {
            case "hour": step = 60
            case "day": step = 1_800
            case "week": step = 10_800
            case "month": step = 43_200
            case "year": step = 604_800
            case nil: throw .parameter("timeframe", "property is missing and it is not optional")
            case let other?: throw .parameter("timeframe", "value '\(other)' does not have a value in the enumeration 'hour, day, week, month, year, decade'")
            }
        }

        /// The point times, oldest first, aligned to the step, the last one at or before `now`.
        func times(now: Double) -> [Double] {
            let last = (now / step).rounded(.down) * step
            return (0..<Self.points).reversed().map { last - Double($0) * step }
        }
    }

    private static func consolidation(_ text: String?) throws(SimulatorAPIError) -> Bool {
        switch text {
        case nil, "AVERAGE": return false
        case "MAX": return true
        case let other?: throw .parameter("cf", "value '\(other)' does not have a value in the enumeration 'AVERAGE, MAX'")
        }
    }

    /// 0.6 at night to 1.0 around 19:00 UTC.
    private static func daily(_ time: Double) -> Double {
        let hour = time.truncatingRemainder(dividingBy: 86_400) / 3_600
        return 0.8 + 0.2 * cos((hour - 19) / 24 * 2 * Double.pi)
    }

    /// Whether the node's collector has no data for the ten minutes of `time` (one in a hundred),
    /// or the node was rebooting.
    private func collectorGap(node: Int, at time: Double) -> Bool {
        (nodes[node].bootTime - 300..<nodes[node].bootTime).contains(time)
            || SeededGenerator.unit(UInt64(node) &+ options.seed, UInt64(max(0, time / 600)), 7) < 0.01
    }

    private func historicCPU(of guest: GuestState, at time: Double) -> Double {
        let spike = SeededGenerator.unit(UInt64(guest.vmid), UInt64(max(0, time / 300)), 3) > 0.97 ? 0.5 : 0
        return min(1, guest.load.cpu(at: time, vmid: guest.vmid) * Self.daily(time) + spike)
    }

    /// Samples within a point's step: their average, or their maximum with `MAX`.
    private func consolidate(_ time: Double, step: Double, max useMax: Bool, _ sample: (Double) -> Double) -> Double {
        let samples = [time - step * 2 / 3, time - step / 3, time].map(sample)
        return useMax ? (samples.max() ?? 0) : samples.reduce(0, +) / Double(samples.count)
    }

    /// `GET /nodes/{node}/rrddata`.
    func nodeRRD(node name: String, query: [String: String]) throws(SimulatorAPIError) -> JSONValue {
        settle()
        let index = try onlineNodeIndex(name)
        let frame = try RRDTimeframe(query["timeframe"])
        let useMax = try Self.consolidation(query["cf"])
        let node = nodes[index]
        let residents = guests.filter { $0.node == index && $0.isUp }
        let current = now()
        return .array(frame.times(now: current).map { time -> JSONValue in
            var members: [(String, JSONValue)] = [
                ("time", .int(Int(time))), ("maxcpu", .int(node.cores)), ("memtotal", .int(node.maxMemory)),
                ("roottotal", .int(node.maxDisk)), ("swaptotal", .int(node.swapTotal)),
            ]
            guard !collectorGap(node: index, at: time) else { return .object(members) }
            let running = residents.filter { $0.startedAt <= time }
            let cpu = consolidate(time, step: frame.step, max: useMax) { moment in
                let busy = running.reduce(0.0) { $0 + historicCPU(of: $1, at: moment) * Double($1.cores) }
                return min(1, 0.02 + busy / Double(node.cores))
            }
            let memory = node.pinnedMemoryFraction.map { Double(node.maxMemory) * $0 }
                ?? min(Double(node.maxMemory) * 0.97, Double(1_600 * mib) + running.reduce(0.0) {
                    $0 + Double($1.maxMemory) * $1.load.memory(at: time)
                })
            let network = running.reduce(0.0) { $0 + $1.load.networkRate } * Self.daily(time)
            members += [
                ("cpu", .double(cpu)), ("iowait", .double(cpu * 0.03)), ("loadavg", .double(cpu * Double(node.cores) * 0.8)),
                ("memused", .int(Int(memory))), ("swapused", .int(0)), ("rootused", .int(node.rootUsed)),
                ("netin", .double(network)), ("netout", .double(network * 0.35)),
            ]
            return .object(members)
        })
    }

    /// `GET /nodes/{node}/{qemu|lxc}/{vmid}/rrddata`.
    func guestRRD(node name: String, kind: GuestKind, vmid: Int, query: [String: String]) throws(SimulatorAPIError) -> JSONValue {
        settle()
        let node = try onlineNodeIndex(name)
        let guest = guests[try guestPosition(node: node, kind: kind, vmid: vmid)]
        let frame = try RRDTimeframe(query["timeframe"])
        let useMax = try Self.consolidation(query["cf"])
        let disk = guest.kind == .lxc ? Double(guest.maxDisk) * guest.diskFraction : 0
        return .array(frame.times(now: now()).map { time -> JSONValue in
            var members: [(String, JSONValue)] = [
                ("time", .int(Int(time))), ("maxcpu", .int(guest.cores)), ("maxmem", .int(guest.maxMemory)),
                ("maxdisk", .int(guest.maxDisk)),
            ]
            guard guest.isUp, time >= guest.startedAt, !collectorGap(node: node, at: time) else { return .object(members) }
            let cpu = guest.power == .paused ? 0 : consolidate(time, step: frame.step, max: useMax) { historicCPU(of: guest, at: $0) }
            let network = guest.load.networkRate * Self.daily(time)
            members += [
                ("cpu", .double(cpu)), ("mem", .int(Int(Double(guest.maxMemory) * guest.load.memory(at: time)))),
                ("disk", .int(Int(disk))), ("netin", .double(network)), ("netout", .double(network * 0.35)),
                ("diskread", .double(guest.load.diskRate * 0.25)), ("diskwrite", .double(guest.load.diskRate)),
            ]
            return .object(members)
        })
    }

    /// `GET /nodes/{node}/network`: two NICs in an active-backup bond under a VLAN-aware bridge
    /// (the LAN), and VLAN 20 on it (the DMZ).
    func nodeNetwork(node name: String, query: [String: String]) throws(SimulatorAPIError) -> JSONValue {
        let index = try onlineNodeIndex(name)
        let host = 11 + index
        let interfaces: [JSONValue] = [
            .object([("iface", "eno1"), ("type", "eth"), ("method", "manual"), ("active", 1), ("exists", 1), ("families", ["inet"]),
                     ("priority", 3)]),
            .object([("iface", "eno2"), ("type", "eth"), ("method", "manual"), ("active", 1), ("exists", 1), ("families", ["inet"]),
                     ("priority", 4)]),
            .object([("iface", "bond0"), ("type", "bond"), ("method", "manual"), ("active", 1), ("autostart", 1), ("families", ["inet"]),
                     ("slaves", "eno1 eno2"), ("bond_mode", "active-backup"), ("bond-primary", "eno1"), ("priority", 5)]),
            .object([("iface", "vmbr0"), ("type", "bridge"), ("method", "static"), ("active", 1), ("autostart", 1), ("families", ["inet"]),
                     ("bridge_ports", "bond0"), ("bridge_stp", "off"), ("bridge_fd", "0"), ("bridge_vlan_aware", 1),
                     ("bridge_vids", "2-4094"), ("address", .string("10.0.0.\(host)")), ("netmask", "24"),
                     ("cidr", .string("10.0.0.\(host)/24")), ("gateway", "10.0.0.1"), ("comments", "LAN\n"), ("priority", 6)]),
            .object([("iface", "vmbr0.20"), ("type", "vlan"), ("method", "static"), ("active", 1), ("autostart", 1), ("families", ["inet"]),
                     ("vlan-raw-device", "vmbr0"), ("vlan-id", 20), ("address", .string("10.0.20.\(host)")), ("netmask", "24"),
                     ("cidr", .string("10.0.20.\(host)/24")), ("comments", "DMZ\n"), ("priority", 7)]),
        ]
        guard let type = query["type"] else { return .array(interfaces) }
        let wanted: Set<String> = switch type {
        case "any_bridge", "any_local_bridge": ["bridge", "OVSBridge"]
        default: [type]
        }
        return .array(interfaces.filter { interface in
            guard case .object(let members) = interface, case .string(let kind)? = members.first(where: { $0.0 == "type" })?.1 else { return false }
            return wanted.contains(kind)
        })
    }

    /// `GET /cluster/sdn/zones`: one simple zone for the lab.
    func sdnZones() -> JSONValue {
        .array([.object([("zone", "lab"), ("type", "simple"), ("ipam", "pve"), ("digest", "5f1e3c0a")])])
    }

    /// `GET /cluster/sdn/vnets`: the lab's vnet.
    func sdnVnets() -> JSONValue {
        .array([.object([("vnet", "labnet"), ("zone", "lab"), ("type", "vnet"), ("alias", "Lab network"), ("digest", "9ac4be12")])])
    }

    /// The `net0` of a guest: web guests sit in the DMZ (VLAN 20); containers have a static address.
    func networkConfig(of guest: GuestState) -> String {
        let dmz = guest.tags.contains("web")
        let tag = dmz ? ",tag=20" : ""
        switch guest.kind {
        case .qemu:
            return "virtio=\(guest.macAddress),bridge=vmbr0,firewall=1\(tag)"
        case .lxc:
            let address = "10.0.\(dmz ? 20 : 0).\(100 + guest.vmid % 150)/24"
            return "name=eth0,bridge=vmbr0,firewall=1\(tag),hwaddr=\(guest.macAddress),ip=\(address),type=veth"
        }
    }
}
