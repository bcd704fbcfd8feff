import Foundation
import NexBoardCore
import Testing

@testable import Alerting

@Suite("Events from two snapshots, and finished tasks announced once")
struct EventDetectorTests {
    typealias F = SnapshotFixtures

    func names(_ events: [ClusterEvent]) -> [String] { events.map(\.kind.name) }

    @Test("nothing changed means no event")
    func quiet() {
        #expect(EventDetector.diff(F.snapshot(), F.snapshot(at: 15)).isEmpty)
    }

    @Test("a guest that starts, one that crashes and one that is stopped by a task are told apart")
    func startsAndStops() {
        var web = F.web, db = F.db, lab = F.lab
        web.status = "stopped"
        db.status = "stopped"
        lab.status = "running"
        let stopTask = F.task("UPID:b", type: "qmstop", id: "102", node: "pve2", end: 10)
        let events = EventDetector.diff(F.snapshot(), F.snapshot(at: 15, guests: [web, db, lab], tasks: [stopTask]))
        #expect(events.contains { $0.kind == .guestStopped(vmid: 101, expected: false) && $0.text.contains("unexpectedly") })
        #expect(events.contains { $0.kind == .guestStopped(vmid: 102, expected: true) })
        #expect(events.contains { $0.kind == .guestStarted(vmid: 200) })
    }

    @Test("migration, creation and removal are events")
    func migrateCreateRemove() {
        var web = F.web
        web.node = "pve2"
        let new = GuestSample(vmid: 300, name: "new", node: "pve1", status: "stopped")
        let events = EventDetector.diff(F.snapshot(), F.snapshot(at: 15, guests: [web, F.db, new]))
        #expect(events.contains { $0.kind == .guestMigrated(vmid: 101, from: "pve1", to: "pve2") })
        #expect(events.contains { $0.kind == .guestCreated(vmid: 300) })
        #expect(events.contains { $0.kind == .guestRemoved(vmid: 200) })
    }

    @Test("guests listed in another order than the poll before are matched by VMID: a change is told once, nothing else")
    func reordered() {
        var lab = F.lab
        lab.status = "running"
        #expect(EventDetector.diff(F.snapshot(), F.snapshot(at: 15, guests: [F.lab, F.web, F.db])).isEmpty)
        let events = EventDetector.diff(F.snapshot(), F.snapshot(at: 15, guests: [F.db, lab, F.web]))
        #expect(events.map(\.kind) == [.guestStarted(vmid: 200)])
    }

    @Test("a guest removed while another is created at its place in the list is both events")
    func replacedInPlace() {
        let new = GuestSample(vmid: 300, name: "new", node: "pve2", status: "running")
        let events = EventDetector.diff(F.snapshot(), F.snapshot(at: 15, guests: [F.web, new, F.lab]))
        #expect(events.map(\.kind) == [.guestCreated(vmid: 300), .guestRemoved(vmid: 102)])
    }

    @Test("a node going offline is one event, and its guests are not reported as stopped")
    func nodeOffline() {
        var db = F.db
        db.status = "unknown"
        let nodes = [NodeSample(name: "pve1", online: true), NodeSample(name: "pve2", online: false)]
        let events = EventDetector.diff(F.snapshot(), F.snapshot(at: 15, quorate: true, nodes: nodes, guests: [F.web, db, F.lab]))
        #expect(names(events) == ["node-offline"])
        let back = EventDetector.diff(F.snapshot(at: 15, nodes: nodes), F.snapshot(at: 30))
        #expect(names(back) == ["node-online"])
    }

    @Test("quorum lost and regained")
    func quorum() {
        #expect(names(EventDetector.diff(F.snapshot(), F.snapshot(at: 15, quorate: false))) == ["quorum-lost"])
        #expect(names(EventDetector.diff(F.snapshot(quorate: false), F.snapshot(at: 15))) == ["quorum-regained"])
    }

    @Test("failed tasks and every backup outcome become events; successful other tasks do not")
    func taskEvents() {
        let tasks = [
            F.task("UPID:1", type: "qmstart", end: 1, status: "OK"),
            F.task("UPID:2", type: "qmstart", end: 2, status: "start failed: no space"),
            F.task("UPID:3", type: "vzdump", end: 3, status: "OK"),
            F.task("UPID:4", type: "vzdump", id: "102", end: 4, status: "job errors"),
        ]
        let events = EventDetector.taskEvents(tasks, cluster: "homelab")
        #expect(names(events) == ["task-failed", "backup-ok", "backup-failed"])
        #expect(events[0].key == "event:homelab:UPID:2")
    }

    @Test("a task's event carries its guest's tags and scope when the guest is polled, and only its VMID when not")
    func taskEventsOfGuests() {
        let tasks = [F.task("UPID:1", type: "vzdump", id: "102", end: 1, status: "job errors"),
                     F.task("UPID:2", type: "qmstart", id: "999", end: 2, status: "failed")]
        let events = EventDetector.taskEvents(tasks, cluster: "homelab", guests: [F.web, F.db, F.lab])
        #expect(events.map(\.tags) == [["prod"], []])
        #expect(events[0].concern == F.db.concern(cluster: "homelab"))
        #expect(events[1].concern == .guest(GuestTarget(cluster: "homelab", vmid: 999, name: "", node: "pve1", tags: [], pool: nil)))
    }

    @Test("a fresh cursor learns the history without replaying it, then reports each new finished task once")
    func cursorReportsOnce() {
        var cursor = TaskCursor()
        let old = [F.task("UPID:old", end: 0)]
        #expect(cursor.advance(over: old).isEmpty)
        let running = F.task("UPID:run", end: nil)
        #expect(cursor.advance(over: old + [running]).isEmpty)
        let finished = F.task("UPID:run", end: 20, status: "failed")
        #expect(cursor.advance(over: old + [finished]).map(\.upid) == ["UPID:run"])
        #expect(cursor.advance(over: old + [finished]).isEmpty)
    }

    @Test("the cursor survives a restart through its saved text, so no task repeats")
    func cursorAcrossRestart() throws {
        var cursor = TaskCursor()
        _ = cursor.advance(over: [F.task("UPID:a", end: 0)])
        _ = cursor.advance(over: [F.task("UPID:a", end: 0), F.task("UPID:b", end: 10)])
        var restored = try #require(TaskCursor(encoded: cursor.encoded))
        #expect(restored == cursor)
        let fresh = restored.advance(over: [F.task("UPID:a", end: 0), F.task("UPID:b", end: 10), F.task("UPID:c", end: 11)])
        #expect(fresh.map(\.upid) == ["UPID:c"])
    }
}
