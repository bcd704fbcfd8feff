import AsyncHTTPClient
import Foundation
import Logging
import NexBoardTesting
import ProxmoxSimulator
import TestScopes
import Testing

/// Points real Python clients (prometheus-pve-exporter and proxmoxer, from PyPI) at the simulator.
/// They run when `PVE_EXPORTER` and `PVE_PYTHON` point at them, as `.ci/run` does:
/// `python3 -m venv /tmp/venv && /tmp/venv/bin/pip install prometheus-pve-exporter proxmoxer`, then
/// `PVE_EXPORTER=/tmp/venv/bin/pve_exporter PVE_PYTHON=/tmp/venv/bin/python swift test --filter PythonClientTests`.
@Suite("Python clients against the simulator", .stopsWhatItStarts)
struct PythonClientTests {
    static let exporterPath = ProcessInfo.processInfo.environment["PVE_EXPORTER"]

    @Test("the exporter scrapes guests, nodes and versions over HTTPS with an API token",
          .enabled(if: try TestPeer.check("prometheus-pve-exporter (PVE_EXPORTER and PVE_PYTHON)", present: exporterPath != nil && pythonPath != nil)))
    func exporterScrapes() async throws {
        let options = SimulatorOptions()
        var logger = Logger(label: "simulator-exporter-test")
        logger.logLevel = .warning
        let cluster = SimulatedCluster(options: options)
        let server = try await ProxmoxSimulatorServer.start(cluster: cluster, tls: true, logger: logger)

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

        let exporterPort = try LoopbackPort.free()
        let output = directory.appendingPathComponent("exporter.log")
        let process = try ChildProcess.launch(try #require(Self.exporterPath), arguments: [
            "--config.file", configFile.path, "--web.listen-address", "127.0.0.1:\(exporterPort)",
        ], log: output, python: try #require(Self.pythonPath))

        let client = HTTPClient(eventLoopGroupProvider: .singleton)
        let target = "127.0.0.1:\(server.port)"
        var metrics = ""
        for _ in 0..<50 {
            try? await Task.sleep(for: .milliseconds(200))
            let request = HTTPClientRequest(url: "http://127.0.0.1:\(exporterPort)/pve?target=\(target)&cluster=1&node=1")
            guard let response = try? await client.execute(request, timeout: .seconds(20)),
                  let body = try? await response.body.collect(upTo: 16 << 20) else { continue }
            metrics = String(buffer: body)
            if response.status.code == 200 { break }
        }
        try await client.shutdown()
        await ChildProcess.stop(process)
        await server.stop()
        let log = (try? String(contentsOf: output, encoding: .utf8)) ?? ""
        #expect(metrics.contains("pve_up{id=\"qemu/100\"}"), "exporter log: \(log.suffix(2_000))")
        #expect(metrics.contains("pve_up{id=\"node/pve1\"}"))
        #expect(metrics.contains("pve_version_info"))
        #expect(metrics.contains("pve_guest_info"))
        #expect(metrics.contains("pve_cpu_usage_ratio"))
        print(metrics.split(separator: "\n").filter { !$0.hasPrefix("#") }.prefix(40).joined(separator: "\n"))
    }

    static let pythonPath = ProcessInfo.processInfo.environment["PVE_PYTHON"]

    @Test("proxmoxer logs in with a password, starts a guest and waits for its task",
          .enabled(if: try TestPeer.check("proxmoxer (PVE_PYTHON)", present: pythonPath != nil)))
    func proxmoxerTicketFlow() async throws {
        var logger = Logger(label: "simulator-proxmoxer-test")
        logger.logLevel = .warning
        let cluster = SimulatedCluster(options: SimulatorOptions(taskDuration: .milliseconds(300)))
        let server = try await ProxmoxSimulatorServer.start(cluster: cluster, tls: true, logger: logger)
        let script = """
        import sys
        from proxmoxer import ProxmoxAPI
        from proxmoxer.tools import Tasks
        pve = ProxmoxAPI("127.0.0.1", port=\(server.port), user="root@pam", password="demo", verify_ssl=False)
        for r in pve.cluster.resources.get(type="vm"):
            if r["type"] == "qemu" and r["status"] == "stopped" and not r["template"]:
                upid = pve.nodes(r["node"]).qemu(r["vmid"]).status.start.post()
                status = Tasks.blocking_status(pve, upid, timeout=10, polling_interval=0.1)
                print("RESULT", r["vmid"], status["status"], status["exitstatus"], Tasks.decode_upid(upid)["type"])
                break
        """
        // Waits off the cooperative pool: the simulator answering proxmoxer needs those threads.
        let result = try await ChildProcess.run(URL(fileURLWithPath: try #require(Self.pythonPath)), arguments: ["-c", script])
        await server.stop()
        let output = result.output + result.errors
        let line = output.split(separator: "\n").first { $0.hasPrefix("RESULT") }.map(String.init) ?? output
        #expect(line.hasSuffix("stopped OK qmstart"), "\(output.suffix(2_000))")
        let vmid = Int(line.split(separator: " ")[1]) ?? 0
        let snapshot = await cluster.guestSnapshot(vmid: vmid)
        #expect(snapshot?.status == "running")
    }

    @Test("proxmoxer backs a guest up with vzdump on PVE and reads the snapshots of the simulated Backup Server",
          .enabled(if: try TestPeer.check("proxmoxer (PVE_PYTHON)", present: pythonPath != nil)))
    func proxmoxerBackups() async throws {
        var logger = Logger(label: "simulator-proxmoxer-pbs-test")
        logger.logLevel = .warning
        let options = SimulatorOptions(taskDuration: .milliseconds(200))
        let cluster = SimulatedCluster(options: options)
        let server = try await ProxmoxSimulatorServer.start(cluster: cluster, tls: true, logger: logger)
        let backupServer = try await ProxmoxSimulatorServer.startBackupServer(cluster: cluster, tls: true, logger: logger)
        let user = options.tokenID.split(separator: "!")[0], token = options.tokenID.split(separator: "!")[1]
        let script = """
        from proxmoxer import ProxmoxAPI
        from proxmoxer.tools import Tasks
        pve = ProxmoxAPI("127.0.0.1", port=\(server.port), user="\(user)", token_name="\(token)", token_value="\(options.tokenSecret)", verify_ssl=False)
        guest = next(r for r in pve.cluster.resources.get(type="vm") if not r["template"])
        upid = pve.nodes(guest["node"]).vzdump.post(vmid=guest["vmid"], storage="pbs-store", mode="snapshot")
        status = Tasks.blocking_status(pve, upid, timeout=10, polling_interval=0.1)
        print("VZDUMP", status["exitstatus"], len(pve.nodes(guest["node"]).storage("pbs-store").content.get(content="backup", vmid=guest["vmid"])))
        pbs = ProxmoxAPI("127.0.0.1", port=\(backupServer.port), service="PBS", user="\(user)", token_name="\(token)", token_value="\(options.tokenSecret)", verify_ssl=False)
        snapshots = pbs.admin.datastore("store1").snapshots.get(**{"backup-id": str(guest["vmid"])})
        print("PBS", len(snapshots), pbs.status("datastore-usage").get()[0]["store"])
        """
        let result = try await ChildProcess.run(URL(fileURLWithPath: try #require(Self.pythonPath)), arguments: ["-c", script])
        await backupServer.stop()
        await server.stop()
        let output = result.output + result.errors
        let lines = output.split(separator: "\n").map(String.init)
        let vzdump = try #require(lines.first { $0.hasPrefix("VZDUMP") }, "\(output.suffix(2_000))")
        #expect(vzdump.hasPrefix("VZDUMP OK"))
        let pveCount = Int(vzdump.split(separator: " ").last ?? "") ?? 0
        let pbs = try #require(lines.first { $0.hasPrefix("PBS") }, "\(output.suffix(2_000))")
        #expect(pbs.hasSuffix("store1"))
        #expect(Int(pbs.split(separator: " ")[1]) ?? 0 >= pveCount, "PBS holds every snapshot PVE lists on pbs-store")
    }
}
