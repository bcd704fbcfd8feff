import Foundation
import Logging
import NexBoardCore
import NexBoardTesting
import Store
import Testing

@testable import Alerting

@Suite("Outbox and delivery: once each, in order, edited on resolve, across restarts")
struct OutboxDeliveryTests {
    typealias F = SnapshotFixtures
    static var quiet: Logger {
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        return logger
    }

    static let rules = AlertEngine(rules: [
        AlertRule(name: "node-offline", metric: .nodeOffline, severity: .critical),
    ])

    struct Rig {
        let store: NexBoardStore
        let clock: ManualDate
        let center: AlertCenter
        let sinks: NotificationSinks
        let sink: FakeChatSink

        var delivery: AlertDelivery<ManualClock> {
            AlertDelivery(repository: store.alerts, sinks: sinks, clock: ManualClock(), now: clock.provider,
                          logger: OutboxDeliveryTests.quiet)
        }

        /// A new center on the same store, as after a restart.
        func restartedCenter() -> AlertCenter {
            AlertCenter(engine: OutboxDeliveryTests.rules, repository: store.alerts, keyValues: store.keyValues, now: clock.provider,
                        logger: OutboxDeliveryTests.quiet)
        }

        func cycle(pve2Online: Bool, on center: AlertCenter? = nil) async throws {
            let nodes = [NodeSample(name: "pve1", online: true), NodeSample(name: "pve2", online: pve2Online)]
            var snapshot = F.snapshot(nodes: nodes)
            snapshot.takenAt = clock.now
            try await (center ?? self.center).cycle(cluster: "homelab", snapshot: snapshot)
            clock.advance(by: 15)
        }
    }

    func rig(store: NexBoardStore? = nil) async throws -> Rig {
        let store = try store ?? NexBoardStore.inMemory()
        let clock = ManualDate()
        let center = AlertCenter(engine: Self.rules, repository: store.alerts, keyValues: store.keyValues, now: clock.provider,
                                 logger: Self.quiet)
        let sinks = NotificationSinks()
        let sink = FakeChatSink()
        await sinks.register("fake", sink)
        try await store.alerts.subscribe(AlertSubscriptionRecord(
            destination: "fake:alerts", filter: AlertSubscription().encoded, createdBy: "console:local", createdAt: clock.now))
        return Rig(store: store, clock: clock, center: center, sinks: sinks, sink: sink)
    }

    @Test("a firing alert is sent once with its buttons, and the same message is edited to resolved")
    func fireAndResolve() async throws {
        let rig = try await rig()
        try await rig.cycle(pve2Online: true)
        try await rig.cycle(pve2Online: false)
        #expect(try await rig.delivery.deliverPending() == 2)  // the alert and the node-offline event
        try await rig.cycle(pve2Online: false)
        #expect(try await rig.delivery.deliverPending() == 0)
        try await rig.cycle(pve2Online: true)
        #expect(try await rig.delivery.deliverPending() == 2)  // the resolution (an edit) and the node-online event

        let shown = await rig.sink.shown
        #expect(shown.count == 3)
        let alert = try #require(shown.first { $0.message.title?.contains("Node pve2 offline") == true })
        #expect(alert.edits == 1)
        #expect(alert.message.title == "✔ Resolved: Node pve2 offline")
        #expect(alert.message.text?.contains("after 30 s") == true)
        let rows = try await rig.store.alerts.outboxRows()
        #expect(rows.allSatisfy { $0.state == .sent })
    }

    @Test("firing messages carry Acknowledge and Silence 1h buttons that are commands")
    func buttons() async throws {
        let rig = try await rig()
        try await rig.cycle(pve2Online: true)
        try await rig.cycle(pve2Online: false)
        try await rig.delivery.deliverPending()
        let alert = try #require(await rig.sink.shown.first { !$0.message.buttons.isEmpty })
        #expect(alert.message.buttons.map(\.command) == ["alert ack node-offline@homelab:pve2", "alert silence node-offline@homelab:pve2 1h"])
    }

    @Test("acknowledging edits the message to show who, and happens once")
    func acknowledge() async throws {
        let rig = try await rig()
        try await rig.cycle(pve2Online: true)
        try await rig.cycle(pve2Online: false)
        try await rig.delivery.deliverPending()
        #expect(try await rig.center.acknowledge(alertID: "node-offline@homelab:pve2", by: "console:local") == .acknowledged(label: "Node pve2 offline"))
        #expect(try await rig.center.acknowledge(alertID: "node-offline@homelab:pve2", by: "slack:U1") == .alreadyAcknowledged(by: "console:local"))
        #expect(try await rig.center.acknowledge(alertID: "nope", by: "slack:U1") == .notFound)
        try await rig.delivery.deliverPending()
        let alert = try #require(await rig.sink.shown.first { $0.message.title?.contains("Node pve2 offline") == true })
        #expect(alert.message.text?.contains("Acknowledged by console:local") == true)
        #expect(alert.edits == 1)
    }

    @Test("a destination that fails is retried with backoff, keeping order, and each message arrives once")
    func retries() async throws {
        let rig = try await rig()
        try await rig.cycle(pve2Online: true)
        try await rig.cycle(pve2Online: false)
        await rig.sink.failNext(1)
        #expect(try await rig.delivery.deliverPending() == 0)
        #expect(try await rig.delivery.deliverPending() == 0)  // not due yet
        rig.clock.advance(by: 3)
        #expect(try await rig.delivery.deliverPending() == 2)
        #expect(await rig.sink.shown.count == 2)
        let rows = try await rig.store.alerts.outboxRows()
        #expect(rows.map(\.attempts) == [2, 1])
    }

    @Test("no sink for a platform keeps its rows pending until one registers")
    func noSinkYet() async throws {
        let rig = try await rig()
        try await rig.store.alerts.subscribe(AlertSubscriptionRecord(
            destination: "matrix:!room", filter: AlertSubscription().encoded, createdBy: "x", createdAt: rig.clock.now))
        try await rig.cycle(pve2Online: true)
        try await rig.cycle(pve2Online: false)
        try await rig.delivery.deliverPending()
        let pending = try await rig.store.alerts.outboxRows().filter { $0.state == .pending }
        #expect(pending.map(\.destination) == ["matrix:!room", "matrix:!room"])
    }

    @Test("a restart between the outbox write and the send delivers each notification exactly once")
    func restartBeforeSend() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("alerts-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let first = try await rig(store: NexBoardStore.open(directory: directory, logger: Self.quiet))
        try await first.cycle(pve2Online: true)
        try await first.cycle(pve2Online: false)
        // "Crash": nothing was sent. A new process opens the same database.
        let reopened = try NexBoardStore.open(directory: directory, logger: Self.quiet)
        let center = AlertCenter(engine: Self.rules, repository: reopened.alerts, keyValues: reopened.keyValues,
                                 now: first.clock.provider, logger: Self.quiet)
        let second = Rig(store: reopened, clock: first.clock, center: center, sinks: first.sinks, sink: first.sink)
        try await second.cycle(pve2Online: false)  // the alert is still firing: nothing new
        #expect(try await second.delivery.deliverPending() == 2)
        #expect(try await second.delivery.deliverPending() == 0)
        #expect(await second.sink.shown.count == 2)
    }

    @Test("a restart between the send and marking it sent shows the notification once")
    func restartAfterSend() async throws {
        let rig = try await rig()
        try await rig.cycle(pve2Online: true)
        try await rig.cycle(pve2Online: false)
        // The first process sent the rows but died before marking them.
        for row in try await rig.store.alerts.pendingOutbox(now: rig.clock.now, perDestination: 10) {
            let notification = try JSONDecoder().decode(AlertNotification.self, from: Data(row.payload.utf8))
            _ = try await rig.sink.send(notification.message, to: "alerts", key: "\(row.dedupeKey)@\(row.destination)")
        }
        let restarted = rig.restartedCenter()
        try await rig.cycle(pve2Online: false, on: restarted)
        #expect(try await rig.delivery.deliverPending() == 2)
        #expect(await rig.sink.shown.count == 2)
        #expect(try await rig.store.alerts.outboxRows().allSatisfy { $0.state == .sent })
    }

    @Test("a reminder of a still-firing alert is a new message to the channels that got it")
    func reminder() async throws {
        let store = try NexBoardStore.inMemory()
        let base = try await rig(store: store)
        let engine = AlertEngine(rules: Self.rules.rules, repeatInterval: 3600)
        let center = AlertCenter(engine: engine, repository: store.alerts, keyValues: store.keyValues, now: base.clock.provider,
                                 logger: Self.quiet)
        let rig = Rig(store: store, clock: base.clock, center: center, sinks: base.sinks, sink: base.sink)
        try await rig.cycle(pve2Online: true)
        try await rig.cycle(pve2Online: false)
        rig.clock.advance(by: 3600)
        try await rig.cycle(pve2Online: false)
        try await rig.delivery.deliverPending()
        let titles = await rig.sink.titles(in: "alerts")
        #expect(titles.filter { $0.hasPrefix("🔔 Node pve2 offline") }.count == 1)
        #expect(titles.filter { $0.hasPrefix("🔁 Still firing: Node pve2 offline") }.count == 1)
    }

    @Test("a subscription filter keeps info events out of a critical-only channel")
    func filters() async throws {
        let rig = try await rig()
        try await rig.store.alerts.subscribe(AlertSubscriptionRecord(
            destination: "fake:critical", filter: AlertSubscription(minimumSeverity: .critical, events: ["none"]).encoded,
            createdBy: "x", createdAt: rig.clock.now))
        try await rig.cycle(pve2Online: true)
        try await rig.cycle(pve2Online: false)
        try await rig.cycle(pve2Online: true)
        try await rig.delivery.deliverPending()
        #expect(await rig.sink.titles(in: "critical") == ["✔ Resolved: Node pve2 offline"])
        #expect(await rig.sink.titles(in: "alerts").count == 3)
    }

    @Test("what changed while NexBoard was down is announced by the first poll after a restart, and only once")
    func changesWhileDown() async throws {
        let rig = try await rig()
        try await rig.center.cycle(cluster: "homelab", snapshot: F.snapshot(at: 0))
        var stopped = F.web
        stopped.status = "stopped"
        var moved = F.db
        moved.node = "pve1"
        let after = F.snapshot(at: 600, guests: [stopped, moved, F.lab])

        let restarted = rig.restartedCenter()
        let first = try await restarted.cycle(cluster: "homelab", snapshot: after)
        #expect(first.events.map(\.text) == ["VM 101 (web01) stopped unexpectedly on pve1", "VM 102 (db01) moved from pve2 to pve1"])
        // Killed right after that cycle's commit: the next process must not announce them again.
        let again = try await rig.restartedCenter().cycle(cluster: "homelab", snapshot: F.snapshot(at: 615, guests: [stopped, moved, F.lab]))
        #expect(again.events.isEmpty)
    }

    @Test("the presence is saved only when it changes, not on every poll")
    func presenceWrittenOnChange() async throws {
        let rig = try await rig()
        try await rig.center.cycle(cluster: "homelab", snapshot: F.snapshot(at: 0))
        let saved = try await rig.store.keyValues.get("presence:homelab", namespace: "alerting")
        try #require(saved != nil)
        var busier = F.web
        busier.cpu = 0.9
        try await rig.center.cycle(cluster: "homelab", snapshot: F.snapshot(at: 15, guests: [busier, F.db, F.lab]))
        #expect(try await rig.store.keyValues.get("presence:homelab", namespace: "alerting") == saved, "metrics alone change nothing saved")
        var stopped = F.web
        stopped.status = "stopped"
        try await rig.center.cycle(cluster: "homelab", snapshot: F.snapshot(at: 30, guests: [stopped, F.db, F.lab]))
        #expect(try await rig.store.keyValues.get("presence:homelab", namespace: "alerting") != saved)
    }
}

@Suite("Restarts and reloads keep alert identities")
struct AlertIdentityTests {
    @Test("a firing alert is neither re-fired nor resolved by a restart or a reload of the same rules")
    func noRefire() async throws {
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        let store = try NexBoardStore.inMemory()
        let clock = ManualDate()
        let engine = AlertEngine(rules: [AlertRule(name: "node-offline", metric: .nodeOffline, severity: .critical)])
        func snapshot() -> ClusterSnapshot {
            ClusterSnapshot(cluster: "homelab", takenAt: clock.now,
                            nodes: [NodeSample(name: "pve1", online: true), NodeSample(name: "pve2", online: false)])
        }
        let first = AlertCenter(engine: engine, repository: store.alerts, keyValues: store.keyValues, now: clock.provider, logger: logger)
        #expect(try await first.cycle(cluster: "homelab", snapshot: snapshot()).notifications.map(\.kind) == [.firing])
        clock.advance(by: 15)
        await first.reload(engine: AlertEngine(rules: engine.rules))
        #expect(try await first.cycle(cluster: "homelab", snapshot: snapshot()).notifications.isEmpty)
        clock.advance(by: 15)
        let restarted = AlertCenter(engine: engine, repository: store.alerts, keyValues: store.keyValues, now: clock.provider, logger: logger)
        #expect(try await restarted.cycle(cluster: "homelab", snapshot: snapshot()).notifications.isEmpty)
        #expect(try await restarted.activeAlerts().map(\.id) == ["node-offline@homelab:pve2"])
    }

    @Test("an alert that flaps sends one flapping notice to subscribers")
    func flappingNotice() async throws {
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        let store = try NexBoardStore.inMemory()
        let clock = ManualDate()
        try await store.alerts.subscribe(AlertSubscriptionRecord(
            destination: "fake:alerts", filter: AlertSubscription(events: ["none"]).encoded, createdBy: "t", createdAt: clock.now))
        let center = AlertCenter(engine: AlertEngine(rules: [AlertRule(name: "node-offline", metric: .nodeOffline)]),
                                 repository: store.alerts, keyValues: store.keyValues, now: clock.provider, logger: logger)
        var kinds: [AlertNotification.Kind] = []
        for step in 0..<10 {
            let online = !step.isMultiple(of: 2)
            let snapshot = ClusterSnapshot(cluster: "homelab", takenAt: clock.now,
                                           nodes: [NodeSample(name: "pve1", online: true), NodeSample(name: "pve2", online: online)])
            kinds += try await center.cycle(cluster: "homelab", snapshot: snapshot).notifications.filter { $0.kind != .event }.map(\.kind)
            clock.advance(by: 15)
        }
        #expect(kinds == [.firing, .resolved, .firing, .flapping])
        let rows = try await store.alerts.outboxRows()
        #expect(rows.map(\.kind) == ["firing", "resolved", "firing", "flapping"])
    }
}
