import Foundation
import Testing
@testable import ProxmoxSimulator

@Suite("Errors and test knobs")
struct ErrorAndKnobTests {
    @Test("a missing VM answers 500 with PVE's config file message in the reason phrase")
    func missingVM() async throws {
        try await SimulatorHarness.with { sim in
            let reply = try await sim.request(.GET, "/nodes/pve1/qemu/999/status/current")
            #expect(reply.status == 500)
            #expect(reply.data is NSNull)
            #expect(try await sim.statusLine("/nodes/pve1/qemu/999/status/current", authorization: sim.tokenHeader) == "HTTP/1.1 500 Configuration file 'nodes/pve1/qemu-server/999.conf' does not exist")
        }
    }

    @Test("an unknown path answers 501 'Method ... not implemented'")
    func unknownPath() async throws {
        try await SimulatorHarness.with { sim in
            let reply = try await sim.request(.GET, "/foo")
            #expect(reply.status == 501)
            #expect(try await sim.statusLine("/foo", authorization: sim.tokenHeader) == "HTTP/1.1 501 Method 'GET /foo' not implemented")
        }
    }

    @Test("an offline node shows its guests as unknown and its endpoints answer 595")
    func offlineNode() async throws {
        try await SimulatorHarness.with { sim in
            await sim.cluster.setNodeOnline("pve2", false)
            let resources = try await sim.request(.GET, "/cluster/resources").list
            let node = try #require(resources.first("id", "node/pve2"))
            #expect(node["status"] as? String == "offline")
            let guests = resources.matching("node", "pve2").matching("type", "qemu") + resources.matching("node", "pve2").matching("type", "lxc")
            #expect(!guests.isEmpty)
            let statuses = Set(guests.texts("status"))
            #expect(statuses == ["unknown"])
            let status = try await sim.request(.GET, "/nodes/pve2/status")
            #expect(status.status == 595)
            let clusterStatus = try await sim.request(.GET, "/cluster/status").list
            let pve2 = try #require(clusterStatus.first("name", "pve2"))
            #expect(pve2.number("online") == 0)
            await sim.cluster.setNodeOnline("pve2", true)
            #expect(try await sim.request(.GET, "/nodes/pve2/status").status == 200)
        }
    }

    @Test("a crashed guest is stopped without a task")
    func crash() async throws {
        try await SimulatorHarness.with { sim in
            let vm = try await sim.firstGuest(type: "qemu", status: "running")
            let tasksBefore = try await sim.request(.GET, "/cluster/tasks").list.count
            await sim.cluster.crashGuest(vmid: vm.vmid)
            let current = try await sim.request(.GET, "/nodes/\(vm.node)/qemu/\(vm.vmid)/status/current").object
            #expect(current["status"] as? String == "stopped")
            #expect(try await sim.request(.GET, "/cluster/tasks").list.count == tasksBefore)
        }
    }

    @Test("failNextTask makes the next task on that guest fail with the message")
    func failNextTask() async throws {
        try await SimulatorHarness.with { sim in
            let vm = try await sim.firstGuest(type: "qemu", status: "running")
            await sim.cluster.failNextTask(vmid: vm.vmid, message: "command 'qm shutdown' failed: got timeout")
            let upid = try #require(try await sim.request(.POST, "/nodes/\(vm.node)/qemu/\(vm.vmid)/status/shutdown").data as? String)
            let finished = try await sim.waitForTask(node: vm.node, upid: upid)
            #expect(finished["exitstatus"] as? String == "command 'qm shutdown' failed: got timeout")
            #expect(await sim.cluster.guestSnapshot(vmid: vm.vmid)?.status == "running")
        }
    }

    @Test("latency is added to every request")
    func latency() async throws {
        try await SimulatorHarness.with { sim in
            await sim.cluster.setLatency(.milliseconds(300))
            let start = ContinuousClock.now
            _ = try await sim.request(.GET, "/version")
            #expect(ContinuousClock.now - start >= .milliseconds(300))
            await sim.cluster.setLatency(nil)
        }
    }

    @Test("an injected error answers the next matching requests, then stops")
    func injectedError() async throws {
        try await SimulatorHarness.with { sim in
            await sim.cluster.injectError(status: 503, message: "service unavailable", pathContains: "/cluster/resources", count: 2)
            #expect(try await sim.request(.GET, "/version").status == 200)
            let first = try await sim.request(.GET, "/cluster/resources")
            #expect(first.status == 503)
            #expect(try await sim.statusLine("/cluster/resources", authorization: sim.tokenHeader) == "HTTP/1.1 503 service unavailable")
            #expect(try await sim.request(.GET, "/cluster/resources").status == 200)
        }
    }

    @Test("a pinned node memory shows in node status and resources")
    func pinnedMemory() async throws {
        try await SimulatorHarness.with { sim in
            await sim.cluster.setNodeMemory("pve1", usedFraction: 0.93)
            let memory = try #require(try await sim.request(.GET, "/nodes/pve1/status").object["memory"] as? [String: Any])
            let used = try #require(memory["used"] as? Int)
            let total = try #require(memory["total"] as? Int)
            #expect(abs(Double(used) / Double(total) - 0.93) < 0.001)
            await sim.cluster.setGuestTags(vmid: 100, tags: ["x", "y"])
            #expect(await sim.cluster.guestSnapshot(vmid: 100)?.tags == ["x", "y"])
        }
    }
}
