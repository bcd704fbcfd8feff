// Benchmarks, run on demand: `swift run -c release nexboard-bench [iterations]`.
// They print figures; they are not timed tests.
import Foundation
import Logging
import NexBoardCore
import NexBoardTesting
import Proxmox
import ProxmoxSimulator

let iterations = CommandLine.arguments.dropFirst().first.flatMap(Int.init) ?? 30

func report(_ name: String, _ samples: [Duration]) {
    let sorted = samples.sorted()
    func ms(_ d: Duration) -> String { String(format: "%.1f ms", Double(d.components.attoseconds) / 1e15 + Double(d.components.seconds) * 1000) }
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
print("NexBoard benchmarks: simulated cluster of 50 nodes and 10,000 guests, \(iterations) iterations each")

let generation = ContinuousClock().measure { _ = SimulatedCluster(options: SimulatorOptions(nodes: 50, guests: 10_000)) }
print("simulator generation: \(generation)")

let test = try await TestApplication.make(nodes: 50, guests: 10_000, timeout: .seconds(30))
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

try await client.shutdown()
await test.shutdown()

try await DiscordBenchmark.run()
