import AsyncHTTPClient
import Foundation
import Logging
import ProxmoxSimulator
import Testing

/// Points the real prometheus-pve-exporter (PyPI, uses proxmoxer) at the simulator.
/// Runs only when PVE_EXPORTER names the `pve_exporter` executable, e.g.
/// `python3 -m venv /tmp/venv && /tmp/venv/bin/pip install prometheus-pve-exporter`
/// then `PVE_EXPORTER=/tmp/venv/bin/pve_exporter swift test --filter PrometheusExporterTests`.
@Suite("prometheus-pve-exporter against the simulator")
struct PrometheusExporterTests {
    static let exporterPath = ProcessInfo.processInfo.environment["PVE_EXPORTER"]

    @Test("the exporter scrapes guests, nodes and versions over HTTPS with an API token",
          .enabled(if: exporterPath != nil))
    func exporterScrapes() async throws {
        let options = SimulatorOptions()
        var logger = Logger(label: "simulator-exporter-test")
        logger.logLevel = .warning
        let cluster = SimulatedCluster(options: options)
        let server = try await ProxmoxSimulatorServer.start(cluster: cluster, tls: true, logger: logger)
        defer { Task { await server.stop() } }

        let tokenName = options.tokenID.split(separator: "!").last.map(String.init) ?? ""
        let user = options.tokenID.split(separator: "!").first.map(String.init) ?? ""
        let config = """
        default:
          user: \(user)
          token_name: \(tokenName)
          token_value: \(options.tokenSecret)
          verify_ssl: false
        """
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("pve-exporter-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let configFile = directory.appendingPathComponent("pve.yml")
        try config.write(to: configFile, atomically: true, encoding: .utf8)

        let exporterPort = Int.random(in: 30_000...60_000)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try #require(Self.exporterPath))
        process.arguments = ["--config.file", configFile.path, "--web.listen-address", "127.0.0.1:\(exporterPort)"]
        let output = directory.appendingPathComponent("exporter.log")
        FileManager.default.createFile(atPath: output.path, contents: nil)
        let logHandle = try FileHandle(forWritingTo: output)
        process.standardOutput = logHandle
        process.standardError = logHandle
        try process.run()
        defer { process.terminate() }

        let client = HTTPClient(eventLoopGroupProvider: .singleton)
        let target = "127.0.0.1:\(server.port)"
        var metrics = ""
        for _ in 0..<50 {
            try await Task.sleep(for: .milliseconds(200))
            let request = HTTPClientRequest(url: "http://127.0.0.1:\(exporterPort)/pve?target=\(target)&cluster=1&node=1")
            guard let response = try? await client.execute(request, timeout: .seconds(20)) else { continue }
            let body = try await response.body.collect(upTo: 16 << 20)
            metrics = String(buffer: body)
            if response.status.code == 200 { break }
        }
        try await client.shutdown()
        let log = (try? String(contentsOf: output, encoding: .utf8)) ?? ""
        #expect(metrics.contains("pve_up{id=\"qemu/100\"}"), "exporter log: \(log.suffix(2_000))")
        #expect(metrics.contains("pve_up{id=\"node/pve1\"}"))
        #expect(metrics.contains("pve_version_info"))
        #expect(metrics.contains("pve_guest_info"))
        #expect(metrics.contains("pve_cpu_usage_ratio"))
        print(metrics.split(separator: "\n").filter { !$0.hasPrefix("#") }.prefix(40).joined(separator: "\n"))
    }
}
