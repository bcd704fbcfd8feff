import Foundation
import Testing
@testable import ProxmoxSimulator

@Suite("Cluster generation")
struct GeneratorTests {
    @Test("the same seed gives the same cluster, another seed a different one")
    func deterministic() async {
        let first = SimulatedCluster(options: .init(seed: 7))
        let second = SimulatedCluster(options: .init(seed: 7))
        let other = SimulatedCluster(options: .init(seed: 8))
        var same = true
        var different = false
        for vmid in 100..<125 {
            let a = await first.guestSnapshot(vmid: vmid)
            let b = await second.guestSnapshot(vmid: vmid)
            let c = await other.guestSnapshot(vmid: vmid)
            if a?.name != b?.name || a?.node != b?.node || a?.status != b?.status { same = false }
            if a?.node != c?.node || a?.status != c?.status { different = true }
        }
        #expect(same)
        #expect(different)
        #expect(await first.guestCount == 25)
        #expect(await first.guestSnapshot(vmid: 100)?.name == "web01")
    }

    @Test("50 nodes and 10,000 guests generate in under a second with unique names")
    func large() async throws {
        let start = ContinuousClock.now
        let cluster = SimulatedCluster(options: .init(nodes: 50, guests: 10_000))
        let elapsed = ContinuousClock.now - start
        #expect(elapsed < .seconds(1))
        #expect(await cluster.guestCount == 10_000)
        let resources = try await cluster.clusterResources(type: "vm")
        guard case .array(let entries) = resources else { Issue.record("not an array"); return }
        #expect(entries.count == 10_000)
        var names = Set<String>()
        for case .object(let members) in entries {
            if case .string(let name)? = members.first(where: { $0.0 == "name" })?.1 { names.insert(name) }
        }
        #expect(names.count == 10_000)
    }

    @Test("/cluster/resources serves 10,000 guests over HTTP")
    func largeOverHTTP() async throws {
        try await SimulatorHarness.with(.init(nodes: 50, guests: 10_000)) { sim in
            let start = ContinuousClock.now
            let reply = try await sim.request(.GET, "/cluster/resources")
            let elapsed = ContinuousClock.now - start
            #expect(reply.status == 200)
            let expectedCount = 10_253  // guests + nodes + 4 storages per node + 3 pools
            #expect(reply.list.count == expectedCount)
            #expect(elapsed < .seconds(15))  // generous: debug build on a shared machine; the benchmark measures speed
        }
    }
}
