import AsyncHTTPClient
import Foundation
import Integrations
import Logging
import NexBoardCore
import NexBoardTesting
import ProxmoxSimulator
import TestScopes
import Testing

/// A real Prometheus (Debian's `prometheus`, started here on 127.0.0.1) scraping the real
/// prometheus-pve-exporter (`PVE_EXPORTER`, installed by `.ci/run`) pointed at the simulator.
@Suite("Prometheus end to end", .serialized, .stopsWhatItStarts)
struct PrometheusServerTests {
    static let environment = ProcessInfo.processInfo.environment
    static let prometheusPath = environment["PROMETHEUS"] ?? "/usr/bin/prometheus"
    static let exporterPath = environment["PVE_EXPORTER"]
    static let pythonPath = environment["PVE_PYTHON"]
    static var peersPresent: Bool {
        FileManager.default.isExecutableFile(atPath: prometheusPath) && exporterPath != nil && pythonPath != nil
    }

    @Test("instant and range queries of the exporter's metrics, and Prometheus's error text for a bad query",
          .enabled(if: try TestPeer.check("prometheus and prometheus-pve-exporter (PROMETHEUS, PVE_EXPORTER, PVE_PYTHON)", present: peersPresent)))
    func endToEnd() async throws {
        var logger = Logger(label: "prometheus-test")
        logger.logLevel = .warning
        let options = SimulatorOptions()
        let server = try await ProxmoxSimulatorServer.start(cluster: SimulatedCluster(options: options), tls: true, logger: logger)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("prometheus-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let parts = options.tokenID.split(separator: "!").map(String.init)
        try """
        default:
          user: \(parts[0])
          token_name: \(parts[1])
          token_value: \(options.tokenSecret)
          verify_ssl: false
        """.write(to: directory.appendingPathComponent("pve.yml"), atomically: true, encoding: .utf8)
        let exporterPort = try LoopbackPort.free()
        let prometheusPort = try LoopbackPort.free()
        try """
        global:
          scrape_interval: 1s
          scrape_timeout: 1s
        scrape_configs:
          - job_name: pve
            metrics_path: /pve
            params:
              target: ['127.0.0.1:\(server.port)']
              cluster: ['1']
              node: ['0']
            static_configs:
              - targets: ['127.0.0.1:\(exporterPort)']
        """.write(to: directory.appendingPathComponent("prometheus.yml"), atomically: true, encoding: .utf8)
        let exporter = try ChildProcess.launch(try #require(Self.exporterPath), arguments: [
            "--config.file", directory.appendingPathComponent("pve.yml").path, "--web.listen-address", "127.0.0.1:\(exporterPort)",
            "--no-collector.backup-info",
        ], log: directory.appendingPathComponent("exporter.log"), python: Self.pythonPath)
        let prometheus = try ChildProcess.launch(Self.prometheusPath, arguments: [
            "--config.file", directory.appendingPathComponent("prometheus.yml").path,
            "--storage.tsdb.path", directory.appendingPathComponent("data").path,
            "--web.listen-address", "127.0.0.1:\(prometheusPort)",
        ], log: directory.appendingPathComponent("prometheus.log"), python: Self.pythonPath)
        let client = try PrometheusClient(
            configuration: .init(url: try #require(URL(string: "http://127.0.0.1:\(prometheusPort)")), timeout: .seconds(10)),
            logger: logger)
        defer { try? FileManager.default.removeItem(at: directory) }

        var up: PrometheusResult?
        for _ in 0..<150 {
            if let result = try? await client.query(#"pve_up{id="node/pve1"}"#), !result.series.isEmpty {
                up = result
                break
            }
            try await Task.sleep(for: .milliseconds(200))
        }
        // Two more scrapes, so that a range has points.
        try await Task.sleep(for: .seconds(3))
        let instant = try await client.query(PVEExporterQueries.query(PVEExporterQueries.standard.memory, id: "node/pve1"))
        let now = Date()
        let range = try await client.queryRange(#"pve_cpu_usage_ratio{id="node/pve1"}"#, start: now.addingTimeInterval(-30), end: now,
                                                step: .seconds(1))
        var badQuery: PrometheusError?
        do { _ = try await client.query("sum(rate(pve_cpu_usage_ratio[5m])") } catch { badQuery = error }
        try await client.shutdown()
        await ChildProcess.stop(prometheus)
        await ChildProcess.stop(exporter)
        await server.stop()
        let logs = (try? String(contentsOf: directory.appendingPathComponent("prometheus.log"), encoding: .utf8)) ?? ""

        let found = try #require(up, "Prometheus never had pve_up: \(logs.suffix(1_500))")
        #expect(found.kind == .vector)
        #expect(found.series.first?.samples.first?.value == 1)
        let memory = try #require(instant.series.first?.samples.first?.value)
        #expect((0.0...1.0).contains(memory))
        #expect(range.kind == .matrix)
        #expect((range.series.first?.samples.count ?? 0) >= 2)
        guard case .badQuery(let text)? = badQuery else {
            Issue.record("expected a bad query, got \(String(describing: badQuery))")
            return
        }
        #expect(text.contains("parse error"))
    }

    @Test("Prometheus down is a clear message at once")
    func down() async throws {
        let port = try LoopbackPort.free()
        let client = try PrometheusClient(configuration: .init(url: try #require(URL(string: "http://127.0.0.1:\(port)")), timeout: .seconds(5)),
                                          logger: Logger(label: "test"))
        let started = ContinuousClock.now
        await #expect(throws: PrometheusError.unreachable) { try await client.query("up") }
        #expect(started.duration(to: .now) < .seconds(5))
        try await client.shutdown()
        #expect(PrometheusError.unreachable.userMessage.contains("Cannot reach Prometheus"))
    }

    @Test("a Prometheus that never answers times out on the injected clock, with the timeout in the message")
    func timeout() async throws {
        let silent = try SilentListener()
        let clock = ManualClock()
        let client = try PrometheusClient(
            configuration: .init(url: try #require(URL(string: "http://127.0.0.1:\(silent.port)")), timeout: .seconds(3)),
            clock: AnyClock(clock), logger: Logger(label: "test"))
        let answer = Task { () -> PrometheusError? in
            do {
                _ = try await client.query("up")
                return nil
            } catch {
                return error as? PrometheusError
            }
        }
        try await clock.waitForSleepers(1)
        clock.advance(by: .seconds(3))
        let failure = await answer.value
        #expect(failure == PrometheusError.timeout(after: .seconds(3)))
        #expect(PrometheusError.timeout(after: .seconds(3)).userMessage == "Prometheus did not answer within 3s.")
        try await client.shutdown()
        silent.close()
    }
}

/// A TCP socket on 127.0.0.1 that accepts connections (the kernel's backlog) and never answers.
private final class SilentListener: Sendable {
    let descriptor: Int32
    let port: Int

    init() throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) }
        }
        guard bound == 0, listen(fd, 8) == 0 else { throw POSIXError(.EADDRINUSE) }
        withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { _ = getsockname(fd, $0, &length) }
        }
        descriptor = fd
        port = Int(UInt16(bigEndian: address.sin_port))
    }

    func close() {
        _ = Glibc.close(descriptor)
    }
}
