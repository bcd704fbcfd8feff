import Alerting
import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NexBoardCore
import NexBoardTesting
import Proxmox
import ProxmoxSimulator
import Store

/// The poll cycle without the network: the three API bodies are fetched once per sample beforehand
/// from a simulated cluster, then each sample decodes them as the client does, builds the snapshot,
/// diffs it against the previous one and evaluates the rules; then the same through the alert
/// center, as the service runs it, with its SQLite commit (a store on disk, after two warm-up
/// cycles: only what changed is written). Reports wall time and process CPU time; a cycle in which
/// hundreds of alerts fire together is reported apart from the steady state.
enum PollDecodeBenchmark {
    /// 20 rules over every metric a poll evaluates, thresholds low enough that thousands of alerts are tracked.
    static let engine = AlertEngine(rules: (0..<20).map { index in
        let metrics: [AlertMetric] = [.nodeCPU, .nodeMemory, .nodeRootDisk, .guestCPU, .guestMemory, .storageUsage, .nodeOffline,
                                      .guestStoppedUnexpectedly, .backupMissing]
        let metric = metrics[index % metrics.count]
        return AlertRule(name: "rule-\(index)", metric: metric, threshold: metric.isThreshold ? Double(50 + index) : nil,
                         clear: metric.isThreshold ? Double(40 + index) : nil, for: .seconds(300),
                         days: metric == .backupMissing ? 3 : nil)
    })

    /// Silences that name few alerts, so that each is compared with every alert's names.
    static let silences = ["node:pve49", "rule-3@homelab:100", "homelab:node:pve12"]

    struct Bodies {
        var resources: Data
        var status: Data
        var tasks: Data
    }

    private struct Envelope<T: Decodable>: Decodable {
        var data: T
    }

    static func fetchBodies(baseURL: String, token: String, count: Int) async throws -> [Bodies] {
        let client = HTTPClient(configuration: .init(certificateVerification: .none))
        func get(_ path: String) async throws -> Data {
            var request = HTTPClientRequest(url: baseURL + "/api2/json" + path)
            request.headers.add(name: "Authorization", value: "PVEAPIToken=\(token)")
            let response = try await client.execute(request, timeout: .seconds(30))
            precondition(response.status == .ok, "GET \(path) answered \(response.status)")
            return Data(buffer: try await response.body.collect(upTo: 64 << 20))
        }
        var all: [Bodies] = []
        do {
            for _ in 0..<count {
                all.append(Bodies(resources: try await get("/cluster/resources"), status: try await get("/cluster/status"),
                                  tasks: try await get("/cluster/tasks")))
            }
        } catch {
            try await client.shutdown()
            throw error
        }
        try await client.shutdown()
        return all
    }

    static func decode(_ bodies: Bodies, at date: Date) throws -> ClusterSnapshot {
        let decoder = JSONDecoder()
        return ClusterSnapshot(
            cluster: "homelab", takenAt: date,
            resources: try ClusterResource.list(fromAnswer: bodies.resources),
            status: try decoder.decode(Envelope<[ClusterStatusEntry]>.self, from: bodies.status).data,
            tasks: try decoder.decode(Envelope<[TaskSummary]>.self, from: bodies.tasks).data)
    }

    static func run(_ options: NexBoardBench.Options, report: BenchmarkReport) async throws {
        var quiet = Logger(label: "bench")
        quiet.logLevel = .critical
        let simulator = SimulatorOptions(nodes: options.nodes, guests: options.guests)
        let server = try await ProxmoxSimulatorServer.start(cluster: SimulatedCluster(options: simulator), logger: quiet)
        let samples: [Bodies]
        do {
            samples = try await fetchBodies(baseURL: server.baseURL, token: "\(simulator.tokenID)=\(simulator.tokenSecret)",
                                            count: options.iterations + 3)
        } catch {
            await server.stop()
            throw error
        }
        await server.stop()
        try decodeAndRules(samples, iterations: options.iterations, report: report)
        try await serviceCycle(samples, report: report)
    }

    private static func decodeAndRules(_ samples: [Bodies], iterations: Int, report: BenchmarkReport) throws {
        let kilobytes = (samples[0].resources.count + samples[0].status.count + samples[0].tasks.count) / 1024
        var previous = try decode(samples[0], at: Date())
        var tracked: [String: TrackedAlert] = [:]
        var decodeOnly: [Duration] = [], decodeCPU: [Duration] = [], wall: [Duration] = [], cpu: [Duration] = []
        var resourcesCPU: [Duration] = [], rulesCPU: [Duration] = [], evaluateCPU: [Duration] = [], silencedCPU: [Duration] = []
        let clock = ContinuousClock()
        for index in 1...iterations {
            let resourcesStart = processCPU()
            _ = try ClusterResource.list(fromAnswer: samples[index].resources)
            resourcesCPU.append(processCPU() - resourcesStart)
        }
        for index in 1...iterations {
            let cpuStart = processCPU()
            let start = clock.now
            let snapshot = try decode(samples[index], at: previous.takenAt.addingTimeInterval(15))
            decodeOnly.append(clock.now - start)
            let decoded = processCPU()
            decodeCPU.append(decoded - cpuStart)
            let events = EventDetector.diff(previous, snapshot)
            let before = tracked
            let diffed = processCPU()
            tracked = engine.evaluate(cluster: "homelab", snapshot: snapshot, events: events, alerts: tracked, silences: [],
                                      now: snapshot.takenAt).alerts
            wall.append(clock.now - start)
            let done = processCPU()
            cpu.append(done - cpuStart)
            rulesCPU.append(done - decoded)
            evaluateCPU.append(done - diffed)
            // The same evaluation again while silences are active (a maintenance window, a muted
            // node): each is checked against every alert observed.
            let silencedStart = processCPU()
            _ = engine.evaluate(cluster: "homelab", snapshot: snapshot, events: events, alerts: before, silences: silences,
                                now: snapshot.takenAt)
            silencedCPU.append(processCPU() - silencedStart)
            previous = snapshot
        }
        report.durations("poll cycle: /cluster/resources alone (\(samples[0].resources.count / 1024) KiB) into ClusterResource, process CPU",
                         resourcesCPU)
        report.durations("poll cycle: decode only (3 bodies, \(kilobytes) KiB, \(previous.guests.count) guests), wall", decodeOnly)
        report.durations("poll cycle: decode only, process CPU", decodeCPU)
        report.durations("poll cycle: decode + diff + evaluate 20 rules, wall", wall)
        report.durations("poll cycle: decode + diff + evaluate 20 rules, process CPU", cpu)
        report.durations("poll cycle: diff + evaluate 20 rules, without decode, process CPU", rulesCPU)
        report.durations("poll cycle: evaluate 20 rules alone, process CPU", evaluateCPU)
        report.durations("poll cycle: evaluate 20 rules with \(silences.count) silences, process CPU", silencedCPU)
    }

    /// What the service does per cycle after the fetch: decode, then `AlertCenter.cycle` (diff,
    /// rules, one transaction on a store on disk).
    /// Alerts firing in one cycle beyond which it is not the steady state.
    static let stormFiring = 100

    private static func serviceCycle(_ samples: [Bodies], report: BenchmarkReport) async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("nexboard-bench-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var quiet = Logger(label: "bench")
        quiet.logLevel = .critical
        let store = try NexBoardStore.open(directory: directory, logger: quiet)
        let date = ManualDate(Date())
        let center = AlertCenter(engine: engine, repository: store.alerts, keyValues: store.keyValues, now: date.provider, logger: quiet)
        var wall: [Duration] = [], cpu: [Duration] = [], cycleCPU: [Duration] = []
        let clock = ContinuousClock()
        for (index, bodies) in samples.enumerated() {
            date.advance(by: 15)
            let cpuStart = processCPU()
            let started = clock.now
            let snapshot = try decode(bodies, at: date.now)
            let decoded = processCPU()
            let cycle = try await center.cycle(cluster: "homelab", snapshot: snapshot)
            let done = processCPU()
            // The first two cycles save the presence and the cursor for the first time: not the steady state.
            guard index >= 2 else { continue }
            // The cycle in which the rules' 300 s `for` elapses for the alerts tracked since the
            // start (the 20th, at 15 s a cycle) announces thousands at once: reported on its own.
            let fired = cycle.notifications.count { $0.kind == .firing }
            if fired >= Self.stormFiring {
                report.value("service poll cycle in which \(fired) alerts fire at once, process CPU", (done - cpuStart).timeInterval * 1000,
                             unit: "ms")
                continue
            }
            wall.append(clock.now - started)
            cpu.append(done - cpuStart)
            cycleCPU.append(done - decoded)
        }
        report.durations("service poll cycle: decode + diff + 20 rules + SQLite commit (steady state), wall", wall)
        report.durations("service poll cycle: decode + diff + 20 rules + SQLite commit (steady state), process CPU", cpu)
        report.durations("service poll cycle: diff + 20 rules + SQLite commit, without decode, process CPU", cycleCPU)
    }
}
