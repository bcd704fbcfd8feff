import Foundation
import Testing

@testable import Alerting

@Suite("No successful backup for N days")
struct BackupMissingTests {
    typealias F = SnapshotFixtures
    let engine = AlertEngine(rules: [AlertRule(name: "no-backup", metric: .backupMissing, severity: .warning, days: 2)])

    @Test("a guest backed up recently is fine; one whose last good backup is older than the limit fires")
    func fires() {
        var ledger = BackupLedger()
        let day: TimeInterval = 86_400
        ledger.record(F.snapshot(tasks: [
            F.task("UPID:b1", type: "vzdump", id: "101", end: 0, status: "OK"),
            F.task("UPID:b2", type: "vzdump", id: "102", end: 0, status: "job errors"),
        ]))
        #expect(ledger.lastSuccess[101] == F.start)
        #expect(ledger.lastSuccess[102] == nil)
        let later = F.snapshot(at: 2 * day + 60)
        let outcome = engine.evaluate(cluster: "homelab", snapshot: later, events: [], alerts: [:], silences: [], backups: ledger,
                                      now: later.takenAt)
        #expect(outcome.notifications.map(\.title).sorted() == [
            "CT 200 (lab) without a successful backup for 2 days", "VM 101 (web01) without a successful backup for 2 days",
            "VM 102 (db01) without a successful backup for 2 days",
        ])
        ledger.record(F.snapshot(at: 2 * day + 90, tasks: [F.task("UPID:b3", type: "vzdump", id: "101", end: 2 * day + 80, status: "OK")]))
        let after = F.snapshot(at: 2 * day + 120)
        let next = engine.evaluate(cluster: "homelab", snapshot: after, events: [], alerts: outcome.alerts, silences: [], backups: ledger,
                                   now: after.takenAt)
        #expect(next.notifications.map(\.kind) == [.resolved])
        #expect(next.notifications.first?.alertID == "no-backup@homelab:101")
    }

    @Test("a backup on a storage or the Backup Server counts like a backup task, and an older one never moves the last backup back")
    func storedBackups() {
        var ledger = BackupLedger()
        let day: TimeInterval = 86_400
        ledger.record(F.snapshot())
        var later = F.snapshot(at: 10 * day)
        later.storedBackups = [101: F.start.addingTimeInterval(9 * day), 999: F.start]
        ledger.record(later)
        #expect(ledger.lastSuccess[101] == F.start.addingTimeInterval(9 * day))
        #expect(ledger.lastSuccess[999] == nil, "a VMID with no guest is not kept")
        let outcome = engine.evaluate(cluster: "homelab", snapshot: later, events: [], alerts: [:], silences: [], backups: ledger,
                                      now: later.takenAt)
        #expect(outcome.notifications.map(\.title).sorted() == [
            "CT 200 (lab) without a successful backup for 2 days", "VM 102 (db01) without a successful backup for 2 days",
        ])
        ledger.record(stored: [101: F.start])
        #expect(ledger.lastSuccess[101] == F.start.addingTimeInterval(9 * day))
    }

    @Test("a guest never seen backed up counts from when NexBoard first saw it, and the ledger survives encoding")
    func firstSeen() throws {
        var ledger = BackupLedger()
        ledger.record(F.snapshot())
        let soon = F.snapshot(at: 3600)
        #expect(engine.evaluate(cluster: "homelab", snapshot: soon, events: [], alerts: [:], silences: [], backups: ledger,
                                now: soon.takenAt).notifications.isEmpty)
        #expect(try #require(BackupLedger(encoded: ledger.encoded)) == ledger)
    }

    @Test("the ledger says when a poll changed it (a guest new or gone, a newer backup), so an unchanged one is not saved again")
    func changes() {
        var ledger = BackupLedger()
        let backup = F.task("UPID:b1", type: "vzdump", id: "101", end: 100, status: "OK")
        let changes = [
            ledger.record(F.snapshot()),
            ledger.record(F.snapshot(at: 60)),
            ledger.record(F.snapshot(at: 120, tasks: [backup])),
            ledger.record(F.snapshot(at: 180, tasks: [backup])),
            ledger.record(F.snapshot(at: 240, guests: [F.web, F.db])),
        ]
        // New guests; the same again; a backup; the same backup again; CT 200 gone.
        #expect(changes == [true, false, true, false, true])
        #expect(ledger.firstSeen.keys.sorted() == [101, 102])
        let gone = ledger.record(F.snapshot(at: 300, guests: [F.db]))
        #expect(gone, "VM 101 is gone, with its last backup")
        #expect(ledger.lastSuccess.isEmpty && ledger.firstSeen.keys.sorted() == [102])
    }

    @Test("backup-missing needs days; other metrics refuse them")
    func rulesFile() {
        #expect(throws: AlertRulesError.self) { try AlertRulesFile.parse("rules:\n  - {name: b, metric: backup-missing}\n") }
        #expect(throws: AlertRulesError.self) { try AlertRulesFile.parse("rules:\n  - {name: b, metric: node-offline, days: 2}\n") }
        #expect(throws: Never.self) { try AlertRulesFile.parse("rules:\n  - {name: b, metric: backup-missing, days: 7}\n") }
    }
}
