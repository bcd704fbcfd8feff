import Foundation
import ProxmoxSimulator
import Testing

@testable import Alerting

/// The engine settles alerts in place and names those whose saved form changed, so the alert
/// center writes them without comparing every tracked alert again.
@Suite("The alerts an evaluation names as changed are those whose saved form changed")
struct AlertEngineChangedTests {
    typealias F = SnapshotFixtures

    static let rules = [
        AlertRule(name: "guest-memory", metric: .guestMemory, threshold: 60, clear: 50, for: .seconds(30), severity: .warning),
        AlertRule(name: "guest-cpu", metric: .guestCPU, threshold: 70, clear: 60, for: .seconds(0)),
        AlertRule(name: "guest-stopped", metric: .guestStoppedUnexpectedly, severity: .warning),
        AlertRule(name: "node-memory", metric: .nodeMemory, threshold: 80, clear: 70, for: .seconds(30), severity: .critical),
        AlertRule(name: "node-offline", metric: .nodeOffline, severity: .critical),
    ]

    /// Saving `new` saves something else than `old`: more differs than the last value observed.
    static func savesDifferently(_ old: TrackedAlert, _ new: TrackedAlert) -> Bool {
        var aligned = old
        aligned.machine = new.machine
        return aligned != new || !new.machine.sameState(as: old.machine)
    }

    /// What the alert center wrote before the engine named them: every alert new or saved differently.
    static func expectedChanged(_ outcome: AlertEngine.Outcome, previous: [String: TrackedAlert]) -> Set<String> {
        Set(outcome.alerts.values.filter { alert in previous[alert.id].map { savesDifferently($0, alert) } ?? true }.map(\.id))
    }

    /// 40 guests whose memory, CPU, status, name, tags, node and order move at random, some come and go.
    static func guests(_ random: inout SeededGenerator, previous: [GuestSample]) -> [GuestSample] {
        var guests = previous.isEmpty
            ? (0..<40).map { GuestSample(vmid: 100 + $0, name: "guest\($0)", kind: $0 % 3 == 0 ? "lxc" : "qemu", node: "pve\($0 % 2 + 1)",
                                         status: "running", tags: ["prod"], cpu: 0.1, memory: 0.5) }
            : previous
        for index in guests.indices {
            guests[index].memory = Double.random(in: 0.4...0.7, using: &random)
            guests[index].cpu = Double.random(in: 0.5...0.8, using: &random)
            switch Int.random(in: 0..<40, using: &random) {
            case 0: guests[index].status = guests[index].isRunning ? "stopped" : "running"
            case 1: guests[index].name += "x"
            case 2: guests[index].tags = guests[index].tags.isEmpty ? ["lab"] : []
            case 3: guests[index].node = guests[index].node == "pve1" ? "pve2" : "pve1"
            case 4: guests[index].tags.append("nexboard-mute")
            default: break
            }
        }
        if Bool.random(using: &random) { guests.shuffle(using: &random) }
        if guests.count > 30, Int.random(in: 0..<4, using: &random) == 0 { guests.removeLast(Int.random(in: 1...3, using: &random)) }
        if guests.count < 50, Int.random(in: 0..<3, using: &random) == 0 {
            let vmid = (guests.map(\.vmid).max() ?? 100) + 1
            guests.insert(GuestSample(vmid: vmid, name: "new\(vmid)", node: "pve1", status: "running", memory: 0.65),
                          at: Int.random(in: 0...guests.count, using: &random))
        }
        return guests
    }

    @Test("over 200 cycles of guests moving, renamed, retagged, reordered, added and removed, and nodes going offline")
    func changedMatchesWhatIsSavedDifferently() {
        var random = SeededGenerator(seed: 16)
        var engine = AlertEngine(rules: Self.rules, flapWindow: 120, flapTransitions: 3, repeatInterval: 60)
        var alerts: [String: TrackedAlert] = [:]
        var guests: [GuestSample] = []
        var previousSnapshot: ClusterSnapshot?
        var sawChanged = 0, sawTargetChange = 0, sawForgotten = 0
        for cycle in 0..<200 {
            guests = Self.guests(&random, previous: guests)
            let nodes = [NodeSample(name: "pve1", online: Int.random(in: 0..<15, using: &random) != 0,
                                    memory: Double.random(in: 0.6...0.9, using: &random)),
                         NodeSample(name: "pve2", online: true, memory: 0.5)]
            // Every tenth cycle the cluster does not answer; every 50th the memory rule's severity changes.
            let snapshot = cycle % 10 == 9 ? nil : F.snapshot(at: Double(cycle) * 15, nodes: nodes, guests: guests)
            if cycle % 50 == 25 {
                engine.rules[0].severity = engine.rules[0].severity == .warning ? .critical : .warning
            }
            let events = if let previousSnapshot, let snapshot { EventDetector.diff(previousSnapshot, snapshot) } else { [ClusterEvent]() }
            let silences = cycle % 7 == 0 ? ["guest3"] : []
            let outcome = engine.evaluate(cluster: "homelab", snapshot: snapshot, events: events, alerts: alerts, silences: silences,
                                          now: F.start.addingTimeInterval(Double(cycle) * 15))
            #expect(Set(outcome.changed) == Self.expectedChanged(outcome, previous: alerts), "cycle \(cycle)")
            #expect(outcome.changed.count == Set(outcome.changed).count, "each alert named once, cycle \(cycle)")
            #expect(Set(outcome.forgotten).isSubset(of: alerts.keys) && outcome.forgotten.allSatisfy { outcome.alerts[$0] == nil })
            sawChanged += outcome.changed.count
            sawTargetChange += outcome.changed.filter { id in alerts[id].map { $0.target != outcome.alerts[id]?.target } ?? false }.count
            sawForgotten += outcome.forgotten.count
            alerts = outcome.alerts
            if let snapshot { previousSnapshot = snapshot }
        }
        #expect(sawChanged > 100 && sawTargetChange > 5 && sawForgotten > 20, "the scenario covers what it means to")
    }

    @Test("an alert that only moves on is not named; one whose guest was renamed is, with the new label")
    func renamedGuest() throws {
        let engine = AlertEngine(rules: [Self.rules[0]])
        var hog = F.db
        hog.memory = 0.65
        let first = engine.evaluate(cluster: "homelab", snapshot: F.snapshot(at: 0, guests: [F.web, hog]), events: [], alerts: [:],
                                    silences: [], now: F.start)
        #expect(first.changed == ["guest-memory@homelab:102"])
        hog.memory = 0.66
        let second = engine.evaluate(cluster: "homelab", snapshot: F.snapshot(at: 15, guests: [hog, F.web]), events: [],
                                     alerts: first.alerts, silences: [], now: F.start.addingTimeInterval(15))
        #expect(second.changed.isEmpty)
        #expect(second.alerts["guest-memory@homelab:102"]?.machine.lastValue != first.alerts["guest-memory@homelab:102"]?.machine.lastValue)
        hog.name = "db02"
        let third = engine.evaluate(cluster: "homelab", snapshot: F.snapshot(at: 20, guests: [hog, F.web]), events: [],
                                    alerts: second.alerts, silences: [], now: F.start.addingTimeInterval(20))
        #expect(third.changed == ["guest-memory@homelab:102"])
        let renamed = try #require(third.alerts["guest-memory@homelab:102"])
        #expect(renamed.target.label == "VM 102 (db02)" && renamed.target.alias == "db02")
        #expect(renamed.machine.isPending, "still the same alert")
    }

    @Test("a guest's label is recognised without being made, bytes first, then as Unicode equivalence")
    func guestLabel() {
        let vm = GuestSample(vmid: 101, name: "web01", node: "pve1", status: "running")
        let container = GuestSample(vmid: 7, name: "caf\u{E9}", kind: "lxc", node: "pve1", status: "running")
        #expect(vm.isLabel("VM 101 (web01)"))
        #expect(container.isLabel("CT 7 (caf\u{E9})"))
        #expect(container.isLabel("CT 7 (cafe\u{301})"), "the same text as == sees it")
        for wrong in ["CT 101 (web01)", "VM 101 (web01) ", "VM 1011 (web01)", "VM 101 (web0)", "VM 101 (web01", "", "VM 101"] {
            #expect(!vm.isLabel(wrong), "\(wrong)")
        }
    }
}
