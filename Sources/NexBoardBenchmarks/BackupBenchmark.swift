import AsyncHTTPClient
import Foundation
import NexBoard
import NexBoardCore
import NexBoardTesting
import ProxmoxSimulator

/// `backup list` and `backup status` end to end over the simulated cluster (50 nodes × 10,000 guests
/// unless the options say otherwise) with 5 backups each (50,000 volumes on pbs-store, nfs-share and
/// each node's local storage, the pbs-store ones also on the simulated Backup Server's datastore):
/// the typed line in, the reply out.
///
/// Twice: with the simulator in this process, as the tests run it; then, when the nexboard binary is
/// beside this one, with the simulator in a `nexboard simulator` process of its own, so that the CPU
/// of each command splits into NexBoard's (this process) and the simulator's (that one).
enum BackupBenchmark {
    static let backupsPerGuest = 5
    static let lines = ["backup list", "backup list <guest>", "backup status"]

    static func run(_ options: NexBoardBench.Options, binary: String, report: BenchmarkReport) async throws {
        let test = try await TestApplication.make(nodes: options.nodes, guests: options.guests, timeout: .seconds(30), configure: quietAlerts)
        await test.cluster.setBackupsPerGuest(backupsPerGuest)
        let guests = await test.cluster.guestSnapshots()
        guard let middle = guests.dropFirst(guests.count / 2).first else { return report.note("backup: the cluster has no guests") }
        let (_, warm) = await test.send("backup list")
        report.note("backup list: \(await warm.last?.footer ?? "")")
        for line in lines {
            let samples = try await measure(options.iterations) { try await send(line, guest: middle.vmid, to: test) }
            report.durations("\(line) end to end, simulator in process", samples)
        }
        await test.shutdown()

        guard FileManager.default.isExecutableFile(atPath: binary) else {
            return report.note("backup: no nexboard binary at \(binary), so no figures with the simulator in its own process")
        }
        try await runWithSimulatorProcess(options, binary: binary, guest: middle.vmid, report: report)
    }

    /// The same commands against `nexboard simulator --backups-per-guest 5 --backup-server …`.
    static func runWithSimulatorProcess(_ options: NexBoardBench.Options, binary: String, guest: Int, report: BenchmarkReport) async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("nexboard-backup-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let port = try LoopbackPort.free(), backupServerPort = try LoopbackPort.free()
        let simulatorOptions = SimulatorOptions()
        let simulator = try ChildProcess.launch(
            binary, arguments: ["simulator", "--listen", "127.0.0.1:\(port)", "--backup-server", "127.0.0.1:\(backupServerPort)",
                                "--nodes", "\(options.nodes)", "--guests", "\(options.guests)", "--backups-per-guest", "\(backupsPerGuest)"],
            log: folder.appendingPathComponent("simulator.log"), directory: folder)
        do {
            try await MemoryBenchmark.waitUntil("the simulator answers") {
                var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)/api2/json/version")
                request.headers.add(name: "Authorization", value: "PVEAPIToken=\(simulatorOptions.tokenID)=\(simulatorOptions.tokenSecret)")
                return (try? await HTTPClient.shared.execute(request, timeout: .seconds(5)).status.code) == 200
            }
            let test = try await TestApplication.make(timeout: .seconds(30)) { config in
                quietAlerts(&config)
                let secret = Secret(simulatorOptions.tokenSecret)
                config.clusters[0].source = .remote(url: "http://127.0.0.1:\(port)", auth: .token(id: simulatorOptions.tokenID, secret: secret),
                                                    caFile: nil, insecureTLS: false)
                config.clusters[0].backupServer = BackupServerConfig(url: "http://127.0.0.1:\(backupServerPort)",
                                                                     tokenID: simulatorOptions.tokenID, tokenSecret: secret)
            }
            try await send("backup list", guest: guest, to: test)
            for line in lines {
                let (ownBefore, simulatorBefore) = (processCPU(), processCPU(of: simulator.processIdentifier))
                let samples = try await measure(options.iterations) { try await send(line, guest: guest, to: test) }
                let (own, simulated) = (processCPU() - ownBefore, processCPU(of: simulator.processIdentifier) - simulatorBefore)
                report.durations("\(line) end to end, simulator in its own process", samples)
                let perCommand = { (cpu: Duration) in cpu.timeInterval * 1000 / Double(options.iterations) }
                report.value("\(line): CPU of NexBoard per command", perCommand(own), unit: "ms")
                report.value("\(line): CPU of the simulator per command", perCommand(simulated), unit: "ms")
            }
            await test.shutdown()
        } catch {
            await ChildProcess.stop(simulator)
            throw error
        }
        await ChildProcess.stop(simulator)
    }

    /// The alert poller reads the cluster (and, on its first cycle, every backup) once at the start
    /// and not again while the commands are timed: its 15-second cycles of 10,000 guests were noise.
    private static func quietAlerts(_ config: inout NexBoardConfig) {
        config.alerts.pollInterval = .seconds(3600)
    }

    private static func send(_ line: String, guest: Int, to test: TestApplication) async throws {
        let outcome = await test.send(line.replacingOccurrences(of: "<guest>", with: String(guest))).outcome
        guard outcome == .ok else { throw Failed(line: line, outcome: "\(outcome)") }
    }

    struct Failed: Error, CustomStringConvertible {
        var line: String
        var outcome: String
        var description: String { "`\(line)` answered \(outcome)" }
    }
}
