#if canImport(Glibc)
import Glibc
#endif
import AsyncHTTPClient
import Foundation
import NexBoardTesting
import ProxmoxSimulator

/// `nexboard run` as a person runs it: a `nexboard simulator` process serves the cluster, and
/// `nexboard run` with a configuration in a temporary folder polls it every 2 s. Measured from
/// outside, in /proc/<pid>: resident memory after the start with a 3-node cluster (idle), then
/// while polling the big one, and the service's CPU per poll cycle (fetch over HTTP, decode, diff,
/// rules, commit), from its CPU time over its own count of poll cycles on /metrics.
enum MemoryBenchmark {
    static func run(binary: String, options: NexBoardBench.Options, cycles: Int, report: BenchmarkReport) async throws {
        let idle = try await measure(binary: binary, nodes: 3, guests: 25, cycles: 5)
        report.value("nexboard run, resident after 5 poll cycles of 3 nodes / 25 guests (idle)", idle.resident.total, unit: "MiB")
        explain(idle.resident, of: "idle", in: report)
        report.value("nexboard run, CPU per poll cycle at 25 guests", idle.cpuPerCycle, unit: "ms")
        let busy = try await measure(binary: binary, nodes: options.nodes, guests: options.guests, cycles: cycles)
        report.value("nexboard run, resident after \(cycles) poll cycles of \(options.nodes) nodes / \(options.guests) guests", busy.resident.total,
                     unit: "MiB")
        explain(busy.resident, of: "at \(options.guests) guests", in: report)
        report.value("nexboard run, highest resident while polling \(options.guests) guests", busy.peak.total, unit: "MiB")
        explain(busy.peak, of: "at its highest", in: report)
        report.value("nexboard run, CPU per poll cycle at \(options.guests) guests (HTTP fetch, decode, diff, 20 rules, commit)",
                     busy.cpuPerCycle, unit: "ms")
    }

    /// What the resident figure is made of: data the process wrote (heap, stacks, relocated
    /// tables) and pages of files it maps (the code and read-only data of the binary, then of
    /// its shared libraries: Swift, Foundation with ICU, libc, SQLite, curl and what curl loads).
    static func explain(_ resident: Resident, of what: String, in report: BenchmarkReport) {
        report.value("nexboard run, resident \(what): anonymous (heap, stacks, relocated data)", resident.anonymous, unit: "MiB")
        report.value("nexboard run, resident \(what): file pages of the nexboard binary", resident.binary, unit: "MiB")
        report.value("nexboard run, resident \(what): file pages of shared libraries", resident.file - resident.binary, unit: "MiB")
    }

    struct Figures {
        var resident: Resident
        /// The sample with the highest total while polling.
        var peak: Resident
        var cpuPerCycle: Double
    }

    static func measure(binary: String, nodes: Int, guests: Int, cycles: Int) async throws -> Figures {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("nexboard-memory-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let simulatorPort = try LoopbackPort.free(), httpPort = try LoopbackPort.free()
        let options = SimulatorOptions()
        let simulator = try ChildProcess.launch(
            binary, arguments: ["simulator", "--listen", "127.0.0.1:\(simulatorPort)", "--nodes", "\(nodes)", "--guests", "\(guests)"],
            log: folder.appendingPathComponent("simulator.log"), directory: folder)
        try await waitUntil("the simulator answers") {
            var request = HTTPClientRequest(url: "http://127.0.0.1:\(simulatorPort)/api2/json/version")
            request.headers.add(name: "Authorization", value: "PVEAPIToken=\(options.tokenID)=\(options.tokenSecret)")
            return (try? await HTTPClient.shared.execute(request, timeout: .seconds(5)).status.code) == 200
        }
        let config = """
            data_dir: data
            http:
              listen: 127.0.0.1:\(httpPort)
            clusters:
              - name: lab
                url: http://127.0.0.1:\(simulatorPort)
                token_id: "\(options.tokenID)"
                token_secret: "\(options.tokenSecret)"
            alerts:
              poll_interval: 2s
            """
        let configFile = folder.appendingPathComponent("nexboard.yaml")
        try config.write(to: configFile, atomically: true, encoding: .utf8)
        let service = try ChildProcess.launch(binary, arguments: ["run", "--config", configFile.path],
                                             log: folder.appendingPathComponent("nexboard.log"), directory: folder)
        do {
            var peak = Resident()
            var first: (cycles: Double, cpu: Duration)?
            var last: (cycles: Double, cpu: Duration) = (0, .zero)
            try await waitUntil("\(cycles) poll cycles", timeout: .seconds(Double(cycles) * 2 + 120)) {
                let sample = Resident(of: service.processIdentifier, binary: binary)
                if sample.total > peak.total { peak = sample }
                guard let done = await pollCycles(port: httpPort) else { return false }
                last = (done, processCPU(of: service.processIdentifier))
                // CPU is counted from the first finished cycle on: the start-up is not a cycle.
                if first == nil, done >= 1 { first = last }
                return done >= Double(cycles)
            }
            let resident = Resident(of: service.processIdentifier, binary: binary)
            let counted = last.cycles - (first?.cycles ?? 0)
            let cpu = counted > 0 ? (last.cpu - (first?.cpu ?? .zero)).timeInterval * 1000 / counted : 0
            await ChildProcess.stop(service)
            await ChildProcess.stop(simulator)
            return Figures(resident: resident, peak: resident.total > peak.total ? resident : peak, cpuPerCycle: cpu)
        } catch {
            await ChildProcess.stop(service)
            await ChildProcess.stop(simulator)
            let log = (try? String(contentsOf: folder.appendingPathComponent("nexboard.log"), encoding: .utf8)) ?? ""
            print(log.suffix(2000))
            throw error
        }
    }

    /// A process's resident memory in MiB, from /proc/<pid>/status (VmRSS, RssAnon, RssFile) and
    /// /proc/<pid>/smaps (the file pages of `binary`'s own mappings); 0 where unavailable.
    struct Resident {
        var total = 0.0
        var anonymous = 0.0
        var file = 0.0
        var binary = 0.0

        init() {}

        init(of pid: Int32, binary path: String) {
            let status = (try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8)) ?? ""
            func kibibytes(_ line: Substring) -> Double { Double(line.split(separator: " ").dropFirst().first ?? "") ?? 0 }
            for line in status.split(separator: "\n") {
                if line.hasPrefix("VmRSS:") { total = kibibytes(line) / 1024 }
                if line.hasPrefix("RssAnon:") { anonymous = kibibytes(line) / 1024 }
                if line.hasPrefix("RssFile:") { file = kibibytes(line) / 1024 }
            }
            // smaps: a mapping's header ("start-end perms offset device inode path") is followed by
            // its fields; anonymous pages in the binary's mappings (relocated data) count as anonymous.
            let binaryPath = URL(fileURLWithPath: path).resolvingSymlinksInPath().path
            let smaps = (try? String(contentsOfFile: "/proc/\(pid)/smaps", encoding: .utf8)) ?? ""
            var inBinary = false
            for line in smaps.split(separator: "\n") {
                let head = line.prefix { $0 != " " }
                if head.contains("-"), head.allSatisfy({ $0.isHexDigit || $0 == "-" }) {
                    inBinary = line.hasSuffix(binaryPath)
                } else if inBinary, line.hasPrefix("Rss:") {
                    binary += kibibytes(line) / 1024
                } else if inBinary, line.hasPrefix("Anonymous:") {
                    binary -= kibibytes(line) / 1024
                }
            }
        }
    }

    /// The sum of `nexboard_poll_cycles_total{outcome="ok"}` on the service's /metrics.
    static func pollCycles(port: Int) async -> Double? {
        guard let response = try? await HTTPClient.shared.execute(HTTPClientRequest(url: "http://127.0.0.1:\(port)/metrics"), timeout: .seconds(5)),
              let body = try? await response.body.collect(upTo: 16 << 20) else { return nil }
        return String(buffer: body).split(separator: "\n")
            .filter { $0.hasPrefix("nexboard_poll_cycles_total{") && $0.contains(#"outcome="ok""#) }
            .compactMap { $0.split(separator: " ").last.flatMap { Double($0) } }
            .reduce(0, +)
    }

    struct Timeout: Error, CustomStringConvertible {
        var what: String
        var description: String { "timed out waiting for \(what)" }
    }

    static func waitUntil(_ what: String, timeout: Duration = .seconds(60), _ condition: () async -> Bool) async throws {
        let deadline = ContinuousClock.now + timeout
        while await !condition() {
            guard ContinuousClock.now < deadline else { throw Timeout(what: what) }
            try await Task.sleep(for: .milliseconds(250))
        }
    }
}
