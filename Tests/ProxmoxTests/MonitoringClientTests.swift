import Foundation
import Testing

@testable import Proxmox

/// The client's RRD, network and SDN calls against the simulator over HTTP.
@Suite("Monitoring data from the client")
struct MonitoringClientTests {
    @Test("node and guest RRD points decode oldest first, with fractions and gaps")
    func rrd() async throws {
        try await SimulatorHarness.with { sim in
            let node = try await sim.client.nodeRRD(node: "pve1", timeframe: .hour)
            #expect(node.count == 70)
            #expect(zip(node, node.dropFirst()).allSatisfy { $0.time < $1.time })
            let full = try #require(node.last { $0.cpu != nil })
            #expect((0...1).contains(full.memoryFraction ?? -1))
            #expect((0...1).contains(full.diskFraction ?? -1))
            #expect(full.netIn != nil)
            let guests = try await sim.client.clusterResources(type: .vm)
            let stopped = try #require(guests.first { $0.status == "stopped" && !$0.template })
            let points = try await sim.client.guestRRD(node: stopped.node ?? "", kind: stopped.guestKind ?? .qemu, vmid: stopped.vmid ?? 0,
                                                       timeframe: .day, consolidation: .max)
            #expect(points.count == 70)
            #expect(points.allSatisfy { $0.cpu == nil && $0.memoryFraction == nil })
        }
    }

    @Test("the timeframe covering a range is the shortest that reaches back far enough")
    func timeframes() {
        #expect(RRDTimeframe(covering: 3_600) == .hour)
        #expect(RRDTimeframe(covering: 6 * 3_600) == .day)
        #expect(RRDTimeframe(covering: 7 * 86_400) == .week)
        #expect(RRDTimeframe(covering: 30 * 86_400) == .month)
        #expect(RRDTimeframe(covering: 400 * 86_400) == .year)
    }

    @Test("node network, SDN and a guest's network devices decode")
    func network() async throws {
        try await SimulatorHarness.with { sim in
            let interfaces = try await sim.client.nodeNetwork(node: "pve2")
            let bridge = try #require(interfaces.first { $0.iface == "vmbr0" })
            #expect(bridge.bridgePorts == ["bond0"] && bridge.vlanAware && bridge.comments == "LAN" && bridge.cidr == "10.0.0.12/24")
            let vlan = try #require(interfaces.first { $0.type == "vlan" })
            #expect(vlan.vlanID == 20 && vlan.vlanRawDevice == "vmbr0")
            #expect(interfaces.first { $0.iface == "bond0" }?.slaves == ["eno1", "eno2"])
            let sdn = try await sim.client.sdn()
            #expect(sdn.zones.map(\.zone) == ["lab"] && sdn.vnets.first?.zone == "lab")
            let web = try #require(try await sim.client.clusterResources(type: .vm).first { $0.name == "web01" })
            let config = try await sim.client.guestConfig(node: web.node ?? "", kind: .qemu, vmid: web.vmid ?? 0)
            let device = try #require(config.networkDevices.first)
            #expect(device.key == "net0" && device.bridge == "vmbr0" && device.tag == 20 && device.firewall && device.mac != nil)
        }
    }

    @Test("a container's net0 names its address; dhcp is no address")
    func deviceParsing() {
        let container = GuestNetworkDevice(key: "net0", value: "name=eth0,bridge=vmbr1,firewall=0,hwaddr=BC:24:11:00:00:01,ip=10.0.0.5/24,type=veth")
        #expect(container.bridge == "vmbr1" && !container.firewall && container.address == "10.0.0.5/24" && container.tag == nil)
        #expect(GuestNetworkDevice(key: "net1", value: "virtio=AA:BB:CC:DD:EE:FF,bridge=vmbr0,ip=dhcp").address == nil)
        let config = GuestConfig(raw: ["net10": "virtio=1,bridge=b10", "net2": "virtio=2,bridge=b2", "netmask": "x"])
        #expect(config.networkDevices.map(\.key) == ["net2", "net10"])
    }

    @Test("the rrddata endpoints ask for the timeframe and consolidation")
    func endpoint() {
        let endpoint = ProxmoxEndpoint.guestRRD(node: "pve 1", kind: .lxc, vmid: 200, timeframe: .week, consolidation: .max)
        #expect(endpoint.logDescription == "GET /nodes/pve%201/lxc/200/rrddata?timeframe=week&cf=MAX")
        #expect(ProxmoxEndpoint.nodeRRD(node: "pve1", timeframe: .hour, consolidation: .average).template == "/nodes/{node}/rrddata")
    }
}
