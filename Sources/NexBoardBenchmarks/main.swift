// Benchmarks, run on demand: `swift run -c release nexboard-bench [iterations | poll | discord | integrations]`.
// They print figures; they are not timed tests.
import Alerting
import Foundation
import Logging
import NexBoardCore
import NexBoardTesting
import Proxmox
import ProxmoxSimulator
import Store

let iterations = CommandLine.arguments.dropFirst().first.flatMap(Int.init) ?? 30

func report(_ name: String, _ samples: [Duration]) {
    let sorted = samples.sorted()
    func ms(_ d: Duration) -> String { String(format: "%.1f ms", d.timeInterval * 1000) }
    let total = sorted.reduce(Duration.zero, +)
    print("\(name): n=\(sorted.count) p50=\(ms(sorted[sorted.count / 2])) p99=\(ms(sorted[min(sorted.count - 1, sorted.count * 99 / 100)])) "
          + "mean=\(ms(total / sorted.count)) max=\(ms(sorted.last!))")
}

func measure(_ body: () async throws -> Void) async rethrows -> [Duration] {
    var samples: [Duration] = []
    let clock = ContinuousClock()
    for _ in 0..<iterations {
        let started = clock.now
        try await body()
        samples.append(clock.now - started)
    }
    return samples
}

LoggingSystem.bootstrap { _ in SwiftLogNoOpLogHandler() }
if CommandLine.arguments.dropFirst().first == "discord" {
    try await DiscordBenchmark.run()
    exit(0)
}
if CommandLine.arguments.dropFirst().first == "integrations" {
    try await IntegrationBenchmark.run(iterations: 50)
    exit(0)
}
print("NexBoard benchmarks: simulated cluster of 50 nodes and 10,000 guests, \(iterations) iterations each")

let generation = ContinuousClock().measure { _ = SimulatedCluster(options: SimulatorOptions(nodes: 50, guests: 10_000)) }
print("simulator generation: \(generation)")

let test = try await TestApplication.make(nodes: 50, guests: 10_000, timeout: .seconds(30))
let token = "\(SimulatorOptions().tokenID)=\(SimulatorOptions().tokenSecret)"
if CommandLine.arguments.dropFirst().first == "poll" {
    try await PollDecodeBenchmark.run(baseURL: test.simulatorBaseURL, token: token, engine: PollDecodeBenchmark.engine, iterations: 30)
    await test.shutdown()
    exit(0)
}
let client = try ProxmoxClient(
    connection: ProxmoxConnection(name: "bench", baseURL: test.simulatorBaseURL,
                                  auth: .token(id: SimulatorOptions().tokenID, secret: Secret(SimulatorOptions().tokenSecret))),
    logger: Logger(label: "bench"))

var count = 0
let fetch = try await measure { count = try await client.clusterResources(type: nil).count }
report("GET /cluster/resources (fetch + decode \(count) entries)", fetch)

let (_, probe) = await test.send("vm list --tag lab")
let rows = await probe.last?.footer ?? ""
let list = await measure {
    let (outcome, _) = await test.send("vm list --tag lab")
    precondition(outcome == .ok)
}
report("vm list --tag lab end to end (\(rows))", list)

// Alerting: one poll cycle over the same cluster with 20 rules.
let engine = PollDecodeBenchmark.engine
var snapshots: [ClusterSnapshot] = []
let snapshotFetch = try await measure {
    snapshots.append(try await ClusterSnapshot.fetch(from: client, cluster: "homelab", now: Date()))
}
report("alert snapshot (resources + status + tasks, fetch + decode, \(snapshots[0].guests.count) guests)", snapshotFetch)
var tracked: [String: TrackedAlert] = [:]
var pureIndex = 0
let pure = await measure {
    let old = snapshots[pureIndex % snapshots.count], new = snapshots[(pureIndex + 1) % snapshots.count]
    pureIndex += 1
    let events = EventDetector.diff(old, new)
    let outcome = engine.evaluate(cluster: "homelab", snapshot: new, events: events, alerts: tracked, silences: [], now: new.takenAt)
    tracked = outcome.alerts
}
report("alert diff + evaluate 20 rules (pure, \(tracked.count) alerts tracked)", pure)
try await PollDecodeBenchmark.run(baseURL: test.simulatorBaseURL, token: token, engine: engine, iterations: iterations)
/// Resident memory in MiB, from /proc (Linux only; 0 elsewhere).
func residentMiB() -> Double {
    guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8),
          let pages = text.split(separator: " ").dropFirst().first.flatMap({ Double($0) }) else { return 0 }
    return pages * 4096 / 1_048_576
}
let soakCycles = 1000
let before = residentMiB()
for cycle in 0..<soakCycles {
    let old = snapshots[cycle % snapshots.count], new = snapshots[(cycle + 1) % snapshots.count]
    tracked = engine.evaluate(cluster: "homelab", snapshot: new, events: EventDetector.diff(old, new), alerts: tracked, silences: [],
                              now: new.takenAt).alerts
    if cycle == 99 { print(String(format: "alert soak: resident after 100 cycles %.0f MiB", residentMiB())) }
}
print(String(format: "alert soak: %d pure cycles, resident %.0f MiB before, %.0f MiB after", soakCycles, before, residentMiB()))
let alertStore = try NexBoardStore.inMemory()
let center = AlertCenter(engine: engine, repository: alertStore.alerts, keyValues: alertStore.keyValues, logger: Logger(label: "bench"))
var cycleIndex = 0
let cycle = try await measure {
    try await center.cycle(cluster: "homelab", snapshot: snapshots[cycleIndex % snapshots.count])
    cycleIndex += 1
}
report("alert cycle with the store (diff, evaluate, one transaction)", cycle)

try await client.shutdown()
await test.shutdown()

try await DiscordBenchmark.run()
