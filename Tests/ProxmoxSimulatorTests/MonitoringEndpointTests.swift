import Foundation
import Testing
@testable import ProxmoxSimulator

/// RRD history, node network and SDN, as PVE shapes them.
@Suite("Monitoring endpoints")
struct MonitoringEndpointTests {
    @Test("node rrddata has 70 points a step apart, oldest first, with usage and network")
    func nodeRRD() async throws {
        try await SimulatorHarness.with { sim in
            for (timeframe, step) in [("hour", 60), ("day", 1_800), ("week", 10_800)] {
                let points = try await sim.request(.GET, "/nodes/pve1/rrddata?timeframe=\(timeframe)").list
                #expect(points.count == 70, "\(timeframe)")
                let times = points.numbers("time")
                #expect(zip(times, times.dropFirst()).allSatisfy { $1 - $0 == step }, "\(timeframe)")
                #expect(Double(times.last ?? 0) <= Date().timeIntervalSince1970)
                let full = points.filter { $0["cpu"] != nil }
                #expect(full.count >= 60, "a few gaps at most")
                for point in full {
                    for key in ["cpu", "memused", "memtotal", "rootused", "roottotal", "netin", "netout", "loadavg"] {
                        #expect(point[key] is NSNumber, "\(key) in \(point)")
                    }
                    let cpu = try #require(point["cpu"] as? Double)
                    #expect((0...1).contains(cpu))
                }
            }
        }
    }

    @Test("MAX is never below AVERAGE for the same points")
    func consolidation() async throws {
        try await SimulatorHarness.with { sim in
            let average = try await sim.request(.GET, "/nodes/pve2/rrddata?timeframe=day&cf=AVERAGE").list
            let maximum = try await sim.request(.GET, "/nodes/pve2/rrddata?timeframe=day&cf=MAX").list
            for (avg, max) in zip(average, maximum) where avg.number("time") == max.number("time") {
                guard let low = avg["cpu"] as? Double, let high = max["cpu"] as? Double else { continue }
                #expect(high >= low - 1e-9)
            }
        }
    }

    @Test("a stopped guest's rrddata has times and maxima but no usage; a running one has usage")
    func guestRRD() async throws {
        try await SimulatorHarness.with { sim in
            let guests = try await sim.request(.GET, "/cluster/resources?type=vm").list
            let stopped = try #require(guests.first { $0.text("status") == "stopped" && $0.number("template") == 0 })
            let running = try #require(guests.first { $0.text("status") == "running" })
            func path(_ guest: [String: Any]) -> String {
                "/nodes/\(guest.text("node") ?? "")/\(guest.text("type") ?? "")/\(guest.number("vmid") ?? 0)/rrddata?timeframe=hour"
            }
            let idle = try await sim.request(.GET, path(stopped)).list
            #expect(idle.count == 70)
            #expect(idle.allSatisfy { $0["cpu"] == nil && $0["maxmem"] is NSNumber && $0["time"] is NSNumber })
            let busy = try await sim.request(.GET, path(running)).list
            #expect(busy.contains { $0["cpu"] is NSNumber && $0["mem"] is NSNumber && $0["netin"] is NSNumber })
        }
    }

    @Test("a missing or unknown timeframe or consolidation is a parameter error")
    func badTimeframe() async throws {
        try await SimulatorHarness.with { sim in
            for query in ["", "?timeframe=fortnight", "?timeframe=hour&cf=MIN"] {
                let reply = try await sim.request(.GET, "/nodes/pve1/rrddata\(query)")
                #expect(reply.status == 400, "\(query)")
                #expect(reply.json["errors"] is [String: Any], "\(query)")
            }
            #expect(try await sim.request(.GET, "/nodes/pve9/rrddata?timeframe=hour").status == 500)
        }
    }

    @Test("node network has NICs, a bond, a VLAN-aware bridge with its address and a VLAN; type filters")
    func network() async throws {
        try await SimulatorHarness.with { sim in
            let interfaces = try await sim.request(.GET, "/nodes/pve1/network").list
            #expect(interfaces.texts("iface") == ["eno1", "eno2", "bond0", "vmbr0", "vmbr0.20"])
            let bridge = try #require(interfaces.first("iface", "vmbr0"))
            #expect(bridge.text("type") == "bridge" && bridge.text("bridge_ports") == "bond0" && bridge.number("bridge_vlan_aware") == 1)
            #expect(bridge.text("cidr") == "10.0.0.11/24")
            let bond = try #require(interfaces.first("iface", "bond0"))
            #expect(bond.text("slaves") == "eno1 eno2" && bond.text("bond_mode") == "active-backup")
            let vlan = try #require(interfaces.first("iface", "vmbr0.20"))
            #expect(vlan.number("vlan-id") == 20 && vlan.text("vlan-raw-device") == "vmbr0")
            let bridges = try await sim.request(.GET, "/nodes/pve2/network?type=any_bridge").list
            #expect(bridges.texts("iface") == ["vmbr0"])
            #expect(bridges.first?.text("cidr") == "10.0.0.12/24")
        }
    }

    @Test("SDN has a zone and a vnet in it")
    func sdn() async throws {
        try await SimulatorHarness.with { sim in
            let zones = try await sim.request(.GET, "/cluster/sdn/zones").list
            let vnets = try await sim.request(.GET, "/cluster/sdn/vnets").list
            #expect(zones.texts("zone") == ["lab"])
            #expect(vnets.first?.text("zone") == "lab")
        }
    }

    @Test("web guests sit in VLAN 20 and containers name their address")
    func guestNetworkConfig() async throws {
        try await SimulatorHarness.with { sim in
            let guests = try await sim.request(.GET, "/cluster/resources?type=vm").list
            let web = try #require(guests.first("name", "web01"))
            let config = try await sim.request(.GET, "/nodes/\(web.text("node") ?? "")/qemu/\(web.number("vmid") ?? 0)/config").object
            #expect(config.text("net0")?.contains("bridge=vmbr0,firewall=1,tag=20") == true)
            let container = try #require(guests.first("name", "dns"))
            let ct = try await sim.request(.GET, "/nodes/\(container.text("node") ?? "")/lxc/\(container.number("vmid") ?? 0)/config").object
            #expect(ct.text("net0")?.contains("ip=10.0.0.") == true)
        }
    }
}
