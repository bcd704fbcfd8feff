import Foundation
import Testing

@testable import Alerting
import NexBoardTesting

@Suite("Rules evaluated on snapshots: thresholds, inhibition, mutes, silences, reachability")
struct AlertEngineTests {
    typealias F = SnapshotFixtures
    let engine = AlertEngine(rules: [
        AlertRule(name: "node-memory", metric: .nodeMemory, threshold: 90, clear: 85, for: .seconds(300), severity: .warning),
        AlertRule(name: "node-offline", metric: .nodeOffline, severity: .critical),
        AlertRule(name: "guest-stopped", metric: .guestStoppedUnexpectedly, severity: .warning),
        AlertRule(name: "guest-memory", metric: .guestMemory, threshold: 90, clear: 80),
    ])

    func snapshot(at seconds: TimeInterval, pve2Memory: Double = 0.5, pve2Online: Bool = true, guests: [GuestSample]? = nil) -> ClusterSnapshot {
        F.snapshot(at: seconds, nodes: [NodeSample(name: "pve1", online: true, memory: 0.5),
                                        NodeSample(name: "pve2", online: pve2Online, memory: pve2Memory)], guests: guests)
    }

    /// Runs cycles, carrying the alerts over, and returns every notification.
    func run(_ steps: [(ClusterSnapshot?, [ClusterEvent])], engine: AlertEngine? = nil, silences: [String] = [],
             alerts: inout [String: TrackedAlert]) -> [AlertNotification] {
        var all: [AlertNotification] = []
        for (index, (snapshot, events)) in steps.enumerated() {
            let now = snapshot?.takenAt ?? F.start.addingTimeInterval(Double(index) * 15)
            let outcome = (engine ?? self.engine).evaluate(cluster: "homelab", snapshot: snapshot, events: events, alerts: alerts,
                                                           silences: silences, now: now)
            alerts = outcome.alerts
            all += outcome.notifications
        }
        return all
    }

    @Test("memory over the threshold fires once after the for duration and resolves below the clear threshold")
    func memoryAlert() {
        var alerts: [String: TrackedAlert] = [:]
        let steps = stride(from: 0.0, through: 360, by: 15).map { (snapshot(at: $0, pve2Memory: 0.93), [ClusterEvent]()) }
            + [(snapshot(at: 375, pve2Memory: 0.88), []), (snapshot(at: 390, pve2Memory: 0.80), [])]
        let notes = run(steps, alerts: &alerts)
        #expect(notes.map(\.kind) == [.firing, .resolved])
        #expect(notes[0].title == "pve2 memory 93% for 5m")
        #expect(notes[0].alertID == "node-memory@homelab:pve2")
        #expect(notes[0].at == F.start.addingTimeInterval(300))
        #expect(notes[1].threadKey == notes[0].threadKey)
        #expect(alerts.values.allSatisfy { $0.machine.isInactive })
    }

    @Test("a guest's alert follows it when the guests come in another order, and resolves once")
    func reorderedGuests() {
        var alerts: [String: TrackedAlert] = [:]
        var hog = F.db
        hog.memory = 0.95
        var calm = hog
        calm.memory = 0.5
        let notes = run([(snapshot(at: 0, guests: [F.web, hog, F.lab]), []), (snapshot(at: 15, guests: [F.lab, hog, F.web]), []),
                         (snapshot(at: 30, guests: [hog, F.lab, F.web]), []), (snapshot(at: 45, guests: [F.lab, F.web, calm]), [])],
                        alerts: &alerts)
        #expect(notes.map(\.kind) == [.firing, .resolved])
        #expect(notes.allSatisfy { $0.alertID == "guest-memory@homelab:102" })
        #expect(alerts.values.allSatisfy { $0.machine.isInactive })
    }

    @Test("a node offline is one alert, and the guests on it raise none")
    func inhibition() {
        var alerts: [String: TrackedAlert] = [:]
        var db = F.db
        db.status = "unknown"
        var memoryHog = F.db
        memoryHog.memory = 0.99
        _ = run([(snapshot(at: 0, guests: [F.web, memoryHog, F.lab]), [])], alerts: &alerts)
        #expect(alerts.values.contains { $0.rule == "guest-memory" && $0.machine.isFiring })
        let notes = run([(snapshot(at: 15, pve2Online: false, guests: [F.web, db, F.lab]), [])], alerts: &alerts)
        #expect(notes.filter { $0.kind == .firing }.map(\.alertID) == ["node-offline@homelab:pve2"])
        #expect(!notes.contains { $0.kind == .resolved })
    }

    @Test("an unexpected stop fires guest-stopped until the guest runs again; a muted guest raises nothing")
    func guestStoppedAndMute() {
        var alerts: [String: TrackedAlert] = [:]
        _ = run([(snapshot(at: 0), [])], alerts: &alerts)
        var web = F.web
        web.status = "stopped"
        let crash = EventDetector.diff(snapshot(at: 0), snapshot(at: 15, guests: [web, F.db, F.lab]))
        var notes = run([(snapshot(at: 15, guests: [web, F.db, F.lab]), crash)], alerts: &alerts)
        #expect(notes.map(\.kind) == [.firing, .event])
        notes = run([(snapshot(at: 30, guests: [web, F.db, F.lab]), [])], alerts: &alerts)
        #expect(notes.isEmpty)
        notes = run([(snapshot(at: 45), [])], alerts: &alerts)
        #expect(notes.map(\.kind) == [.resolved])

        var muted = F.web
        muted.tags.append("nexboard-mute")
        var mutedStopped = muted
        mutedStopped.status = "stopped"
        let mutedCrash = EventDetector.diff(snapshot(at: 60, guests: [muted, F.db, F.lab]), snapshot(at: 75, guests: [mutedStopped, F.db, F.lab]))
        notes = run([(snapshot(at: 75, guests: [mutedStopped, F.db, F.lab]), mutedCrash)], alerts: &alerts)
        #expect(notes.isEmpty)
    }

    @Test("a silence on a rule keeps its alert quiet; one that fired and cleared inside it is never announced")
    func silences() {
        var alerts: [String: TrackedAlert] = [:]
        let hot = (0...24).map { (snapshot(at: Double($0) * 15, pve2Memory: 0.95), [ClusterEvent]()) }
        #expect(run(hot, silences: ["node-memory"], alerts: &alerts).isEmpty)
        #expect(alerts["node-memory@homelab:pve2"]?.machine.isFiring == true)
        #expect(run([(snapshot(at: 400, pve2Memory: 0.5), [])], silences: ["node-memory"], alerts: &alerts).isEmpty)
        #expect(run([(snapshot(at: 415, pve2Memory: 0.5), [])], alerts: &alerts).isEmpty)
    }

    @Test("a cluster that does not answer for the for duration is its own alert; other alerts keep their state")
    func unreachable() {
        var alerts: [String: TrackedAlert] = [:]
        _ = run([(snapshot(at: 0, pve2Online: false), [])], alerts: &alerts)
        let down = (1...5).map { _ in (ClusterSnapshot?.none, [ClusterEvent]()) }
        let notes = run(down, alerts: &alerts)
        #expect(notes.map(\.title) == ["Cluster homelab unreachable for 1m"])
        #expect(alerts["node-offline@homelab:pve2"]?.machine.isFiring == true)
        let back = run([(snapshot(at: 90), [])], alerts: &alerts)
        #expect(Set(back.map(\.kind)) == [.resolved])
        #expect(back.count == 2)
    }

    @Test("a cluster without quorum for the for duration is one alert, resolved when quorum returns; no cluster entry is no alert")
    func quorum() {
        let engine = AlertEngine(rules: [AlertRule(name: "quorum-lost", metric: .quorumLost, for: .seconds(30), severity: .critical)])
        var alerts: [String: TrackedAlert] = [:]
        var notes = run([(F.snapshot(at: 0, quorate: true), []), (F.snapshot(at: 15, quorate: false), []),
                         (F.snapshot(at: 30, quorate: false), [])], engine: engine, alerts: &alerts)
        #expect(notes.isEmpty, "pending until 30 s have passed")
        notes = run([(F.snapshot(at: 45, quorate: false), [])], engine: engine, alerts: &alerts)
        #expect(notes.map(\.kind) == [.firing])
        #expect(notes.first?.title == "Cluster homelab without quorum for 30s")
        #expect(notes.first?.severity == .critical)
        notes = run([(F.snapshot(at: 60, quorate: true), [])], engine: engine, alerts: &alerts)
        #expect(notes.map(\.kind) == [.resolved])
        var standalone = F.snapshot(at: 75)
        standalone.quorate = nil
        #expect(run([(standalone, []), (standalone, [])], engine: engine, alerts: &alerts).isEmpty)
    }

    @Test("reloading the same rules does not re-fire; removing a rule resolves its alerts")
    func reload() {
        var alerts: [String: TrackedAlert] = [:]
        _ = run([(snapshot(at: 0, pve2Online: false), [])], alerts: &alerts)
        let reloaded = AlertEngine(rules: engine.rules)
        #expect(run([(snapshot(at: 15, pve2Online: false), [])], engine: reloaded, alerts: &alerts).isEmpty)
        let without = AlertEngine(rules: engine.rules.filter { $0.name != "node-offline" })
        #expect(run([(snapshot(at: 30, pve2Online: false), [])], engine: without, alerts: &alerts).map(\.kind) == [.resolved])
    }

    @Test("the default rules file parses, and a bad one names each problem")
    func rulesFile() throws {
        let file = try AlertRulesFile.load(path: RepositoryPaths.file("config/alerts.yaml"))
        #expect(file.rules.count >= 8)
        #expect(file.muteTag == "nexboard-mute")
        #expect(throws: AlertRulesError.self) {
            try AlertRulesFile.parse("rules:\n  - {name: x, metric: node-memory, threshold: 150}\n  - {name: y, metric: disk}\n")
        }
        do {
            _ = try AlertRulesFile.parse("rules:\n  - {name: x, metric: node-memory, threshold: 150, for: soon}\n  - {name: y, metric: disk}\n")
        } catch {
            #expect(error.problems.count == 2)
            #expect(error.problems[0].hasPrefix("rules[0].threshold"))
        }
    }
}
