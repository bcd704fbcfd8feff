import Foundation
import NexBoardCore
import NexBoardTesting

/// `backup list` and `backup status` end to end over the simulated cluster (50 nodes × 10,000 guests
/// unless the options say otherwise) with 5 backups each (50,000 volumes on pbs-store, nfs-share and each node's local storage, the pbs-store ones also on
/// the simulated Backup Server's datastore): the typed line in, the reply out.
enum BackupBenchmark {
    static func run(_ options: NexBoardBench.Options, report: BenchmarkReport) async throws {
        let test = try await TestApplication.make(nodes: options.nodes, guests: options.guests, timeout: .seconds(30))
        await test.cluster.setBackupsPerGuest(5)
        let guests = await test.cluster.guestSnapshots()
        guard let middle = guests.dropFirst(guests.count / 2).first else { return report.note("backup: the cluster has no guests") }
        let (_, warm) = await test.send("backup list")
        let footer = await warm.last?.footer ?? ""
        report.note("backup list: \(footer)")
        for (name, line) in [("backup list end to end (all guests)", "backup list"), ("backup list <guest> end to end", "backup list \(middle.vmid)"),
                             ("backup status end to end", "backup status")] {
            var samples: [Duration] = []
            for _ in 0..<options.iterations {
                let started = ContinuousClock.now
                let outcome = await test.send(line).outcome
                precondition(outcome == .ok, line)
                samples.append(ContinuousClock.now - started)
            }
            report.durations(name, samples)
        }
        await test.shutdown()
    }
}
