import Alerting
import Foundation
import Logging
import NexBoardCore
import NexBoardTesting
import Proxmox
import ProxmoxSimulator
import Store

/// A simulated cluster (50 nodes and 10,000 guests by default) in this process: the client's fetch and
/// decode of /cluster/resources, `vm list` end to end, the alert snapshot, the rules alone, a soak of
/// the rules for memory growth, and the alert center's cycle with the store.
enum ClusterBenchmark {
    static func run(_ options: NexBoardBench.Options, report: BenchmarkReport) async throws {
        let iterations = options.iterations
        report.note("NexBoard benchmarks: simulated cluster of \(options.nodes) nodes and \(options.guests) guests, \(iterations) iterations each")
        let generation = ContinuousClock().measure { _ = SimulatedCluster(options: SimulatorOptions(nodes: options.nodes, guests: options.guests)) }
        report.value("simulator generation", generation.timeInterval * 1000, unit: "ms")

        let test = try await TestApplication.make(nodes: options.nodes, guests: options.guests, timeout: .seconds(30))
        let client = try ProxmoxClient(
            connection: ProxmoxConnection(name: "bench", baseURL: test.simulatorBaseURL,
                                          auth: .token(id: SimulatorOptions().tokenID, secret: Secret(SimulatorOptions().tokenSecret))),
            logger: Logger(label: "bench"))

        var count = 0
        let fetch = try await measure(iterations) { count = try await client.clusterResources(type: nil).count }
        report.durations("GET /cluster/resources (fetch + decode \(count) entries)", fetch)

        let (_, probe) = await test.send("vm list --tag lab")
        let rows = await probe.last?.footer ?? ""
        let list = await measure(iterations) {
            let (outcome, _) = await test.send("vm list --tag lab")
            precondition(outcome == .ok)
        }
        report.durations("vm list --tag lab end to end (\(rows))", list)

        // Alerting: one poll cycle over the same cluster with 20 rules.
        let engine = PollDecodeBenchmark.engine
        var snapshots: [ClusterSnapshot] = []
        let snapshotFetch = try await measure(iterations) {
            snapshots.append(try await ClusterSnapshot.fetch(from: client, cluster: "homelab", now: Date()))
        }
        report.durations("alert snapshot (resources + status + tasks, fetch + decode, \(snapshots[0].guests.count) guests)", snapshotFetch)
        var tracked: [String: TrackedAlert] = [:]
        var pureIndex = 0
        let pure = await measure(iterations) {
            let old = snapshots[pureIndex % snapshots.count], new = snapshots[(pureIndex + 1) % snapshots.count]
            pureIndex += 1
            let events = EventDetector.diff(old, new)
            let outcome = engine.evaluate(cluster: "homelab", snapshot: new, events: events, alerts: tracked, silences: [], now: new.takenAt)
            tracked = outcome.alerts
        }
        report.durations("alert diff + evaluate 20 rules (pure, \(tracked.count) alerts tracked)", pure)

        let soakCycles = 1000
        let before = residentMiB()
        for cycle in 0..<soakCycles {
            let old = snapshots[cycle % snapshots.count], new = snapshots[(cycle + 1) % snapshots.count]
            tracked = engine.evaluate(cluster: "homelab", snapshot: new, events: EventDetector.diff(old, new), alerts: tracked, silences: [],
                                      now: new.takenAt).alerts
        }
        report.value("alert soak: resident growth over \(soakCycles) pure cycles (from \(Int(before)) MiB)", residentMiB() - before, unit: "MiB")

        let alertStore = try NexBoardStore.inMemory()
        let center = AlertCenter(engine: engine, repository: alertStore.alerts, keyValues: alertStore.keyValues, logger: Logger(label: "bench"))
        var cycleIndex = 0
        let cycle = try await measure(iterations) {
            try await center.cycle(cluster: "homelab", snapshot: snapshots[cycleIndex % snapshots.count])
            cycleIndex += 1
        }
        report.durations("alert cycle with the store (diff, evaluate, one transaction)", cycle)

        try await client.shutdown()
        await test.shutdown()
    }
}
