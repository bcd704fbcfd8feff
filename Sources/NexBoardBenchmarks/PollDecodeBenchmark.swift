import Alerting
import AsyncHTTPClient
import Foundation
import NIOCore
import Proxmox

/// The poll cycle without the network: the three API bodies are fetched once per sample beforehand,
/// then each sample decodes them as the client does, builds the snapshot,
/// diffs it against the previous one and evaluates the rules. Reports wall time and process CPU time.
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

    /// CPU time of the whole process so far (user + system).
    static func processCPU() -> Duration {
        var usage = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &usage)
        return .seconds(usage.tv_sec) + .nanoseconds(usage.tv_nsec)
    }

    static func run(baseURL: String, token: String, engine: AlertEngine, iterations: Int) async throws {
        let samples = try await fetchBodies(baseURL: baseURL, token: token, count: iterations + 1)
        let kilobytes = (samples[0].resources.count + samples[0].status.count + samples[0].tasks.count) / 1024
        var previous = try decode(samples[0], at: Date())
        var tracked: [String: TrackedAlert] = [:]
        var decodeOnly: [Duration] = [], wall: [Duration] = [], cpu: [Duration] = []
        let clock = ContinuousClock()
        for index in 1...iterations {
            let cpuStart = processCPU()
            let start = clock.now
            let snapshot = try decode(samples[index], at: previous.takenAt.addingTimeInterval(15))
            decodeOnly.append(clock.now - start)
            let events = EventDetector.diff(previous, snapshot)
            tracked = engine.evaluate(cluster: "homelab", snapshot: snapshot, events: events, alerts: tracked, silences: [],
                                      now: snapshot.takenAt).alerts
            wall.append(clock.now - start)
            cpu.append(processCPU() - cpuStart)
            previous = snapshot
        }
        report("poll cycle: decode only (3 bodies, \(kilobytes) KiB, \(previous.guests.count) guests)", decodeOnly)
        report("poll cycle: decode + diff + evaluate 20 rules, wall", wall)
        report("poll cycle: decode + diff + evaluate 20 rules, process CPU", cpu)
    }
}
