import Foundation
import Logging
import NexBoardCore
import NexBoardTesting
import Store
import Testing

@testable import Alerting

@Suite("Outbox fairness and dead letters")
struct DeadLetterTests {
    func write(_ notifications: [AlertNotification], to store: NexBoardStore, at now: Date, destination: String) async throws {
        let entries = try notifications.map { notification in
            OutboxEntry(dedupeKey: notification.dedupeKey, destinations: .these([destination]), threadKey: notification.threadKey,
                        kind: notification.kind.rawValue, payload: String(decoding: try JSONEncoder().encode(notification), as: UTF8.self))
        }
        try await store.alerts.commit(AlertCycleWrite(now: now, outbox: entries))
    }

    func alert(_ index: Int, _ kind: AlertNotification.Kind = .firing, at now: Date) -> AlertNotification {
        AlertNotification(kind: kind, alertID: kind == .firing ? "mem@homelab:\(index)" : nil, cluster: "homelab", node: "pve1", tags: [],
                          severity: .critical, title: "Alert \(index)", since: now, at: now, eventKind: kind == .event ? "guest-stopped" : nil,
                          dedupeKey: "\(kind.rawValue)-\(index)", threadKey: nil)
    }

    struct Rig {
        let store: NexBoardStore
        let clock = ManualDate()
        let sinks = NotificationSinks()
        let statuses = Statuses()

        var delivery: AlertDelivery<ManualClock> {
            var logger = Logger(label: "test")
            logger.logLevel = .critical
            var delivery = AlertDelivery(repository: store.alerts, sinks: sinks, clock: ManualClock(), now: clock.provider, logger: logger)
            let statuses = statuses
            delivery.report = { await statuses.append($0) }
            return delivery
        }
    }

    actor Statuses {
        private(set) var all: [DeliveryStatus] = []
        func append(_ status: DeliveryStatus) { all.append(status) }
    }

    func rig() throws -> Rig { Rig(store: try NexBoardStore.inMemory()) }

    @Test("with 500 emails waiting at 10 a minute, a new chat alert goes out in the same pass")
    func backlogDoesNotHoldOthersBack() async throws {
        let rig = try rig()
        let email = FakeChatSink(pace: EmailSink.pace), chat = FakeChatSink(pace: DeliveryPace(burst: 5, per: 5))
        await rig.sinks.register("email", email)
        await rig.sinks.register("discord", chat)
        try await write((0..<500).map { alert($0, at: rig.clock.now) }, to: rig.store, at: rig.clock.now, destination: "email:ops")
        rig.clock.advance(by: 1)
        try await write([alert(1000, at: rig.clock.now)], to: rig.store, at: rig.clock.now, destination: "discord:123")

        #expect(try await rig.delivery.deliverPending() == 11)
        #expect(await chat.titles(in: "123") == ["🔔 Alert 1000"])
        #expect(await email.titles(in: "ops").count == 10, "email keeps its pace: the rest waits")
        #expect(try await rig.store.alerts.pendingOutbox(now: rig.clock.now, perDestination: 100).count == 100)
    }

    @Test("a destination refusing for good makes the row a dead letter after one attempt, with a history line")
    func permanentRefusal() async throws {
        let rig = try rig()
        let sink = FakeChatSink()
        await rig.sinks.register("fake", sink)
        await sink.failNext(1, with: DeliveryError.permanent(reason: "the channel is gone"))
        try await write([alert(1, at: rig.clock.now), alert(2, at: rig.clock.now)], to: rig.store, at: rig.clock.now, destination: "fake:ops")
        let delivery = rig.delivery

        #expect(try await delivery.deliverPending() == 1, "the next row still goes out")
        let rows = try await rig.store.alerts.outboxRows()
        #expect(rows.map(\.state) == [.dead, .sent])
        #expect(rows[0].attempts == 1 && rows[0].lastError == "the channel is gone" && rows[0].deadAt == rig.clock.now)
        let history = try await rig.store.alerts.history(limit: 10)
        #expect(history.map(\.text) == ["not delivered to fake:ops: the channel is gone — Alert 1"])
        #expect(history.first?.kind == "undelivered" && history.first?.cluster == "homelab" && history.first?.severity == "critical")
        #expect(history.first?.concern == .cluster("homelab"), "seen by whoever sees the alert itself")
        #expect(await rig.statuses.all.last == DeliveryStatus(failing: [:], deadLetters: ["fake:ops": 1]))

        rig.clock.advance(by: 3600)
        #expect(try await delivery.deliverPending() == 0)
        #expect(await sink.sendCalls == 2, "a dead letter is never retried")
    }

    /// What a platform's REST error looks like to delivery: it says itself whether it is permanent.
    struct PlatformRefusal: PermanentFailure {
        var status: Int
        var permanentReason: String? { status == 404 ? "the platform answered HTTP 404" : nil }
    }

    @Test("a platform error that says it is permanent is a dead letter; the same error type saying otherwise is retried")
    func platformPermanentFailure() async throws {
        let rig = try rig()
        let sink = FakeChatSink()
        await rig.sinks.register("fake", sink)
        await sink.failNext(1, with: PlatformRefusal(status: 503))
        try await write([alert(1, at: rig.clock.now)], to: rig.store, at: rig.clock.now, destination: "fake:ops")
        #expect(try await rig.delivery.deliverPending() == 0)
        #expect(try await rig.store.alerts.outboxRows().map(\.state) == [.pending], "a 503 is retried")
        rig.clock.advance(by: 60)
        await sink.failNext(1, with: PlatformRefusal(status: 404))
        #expect(try await rig.delivery.deliverPending() == 0)
        let rows = try await rig.store.alerts.outboxRows()
        #expect(rows.map(\.state) == [.dead])
        #expect(rows.first?.lastError == "the platform answered HTTP 404")
    }

    @Test("a grouped burst refused for good makes every row of it a dead letter, each with its line")
    func groupRefused() async throws {
        let rig = try rig()
        let sink = FakeChatSink()
        await rig.sinks.register("fake", sink)
        await sink.failNext(1, with: DeliveryError.permanent(reason: "HTTP 404"))
        try await write((0..<5).map { alert($0, .event, at: rig.clock.now) }, to: rig.store, at: rig.clock.now, destination: "fake:ops")
        #expect(try await rig.delivery.deliverPending() == 0)
        #expect(try await rig.store.alerts.outboxRows().allSatisfy { $0.state == .dead })
        #expect(try await rig.store.alerts.history(limit: 10).count == 5)
    }

    @Test("a row still undelivered after 24 hours becomes a dead letter naming the last error")
    func ageLimit() async throws {
        let rig = try rig()
        let sink = FakeChatSink()
        await rig.sinks.register("fake", sink)
        await sink.failNext(1_000)
        try await write([alert(1, at: rig.clock.now)], to: rig.store, at: rig.clock.now, destination: "fake:ops")
        let delivery = rig.delivery
        #expect(try await delivery.deliverPending() == 0)
        rig.clock.advance(by: 86_000)
        #expect(try await delivery.deliverPending() == 0)
        #expect(try await rig.store.alerts.outboxRows().first?.state == .pending, "not yet a day old")
        rig.clock.advance(by: 401)
        let calls = await sink.sendCalls
        #expect(try await delivery.deliverPending() == 0)
        #expect(await sink.sendCalls == calls, "too old to try again")
        let row = try #require(try await rig.store.alerts.outboxRows().first)
        #expect(row.state == .dead)
        #expect(row.lastError == "still not delivered after 24 h (last error: Down())")
        #expect(try await rig.store.alerts.history(limit: 1).first?.text.hasPrefix("not delivered to fake:ops: still not delivered after 24 h") == true)
    }

    @Test("dead letters count on the health report for a day, and pruning deletes them past retention")
    func deadLettersAge() async throws {
        let rig = try rig()
        let sink = FakeChatSink()
        await rig.sinks.register("fake", sink)
        await sink.failNext(1, with: DeliveryError.permanent(reason: "gone"))
        try await write([alert(1, at: rig.clock.now)], to: rig.store, at: rig.clock.now, destination: "fake:ops")
        let delivery = rig.delivery
        try await delivery.deliverPending()
        #expect(await rig.statuses.all.last?.deadLetters == ["fake:ops": 1])
        rig.clock.advance(by: 86_401)
        try await delivery.deliverPending()
        #expect(await rig.statuses.all.last == DeliveryStatus())
        #expect(try await rig.store.alerts.prune(before: rig.clock.now) == 1)
        #expect(try await rig.store.alerts.outboxRows().isEmpty)
    }

    @Test("removing a destination deletes all its rows and says how many were pending")
    func removeDestination() async throws {
        let rig = try rig()
        await rig.sinks.register("fake", FakeChatSink())
        try await write([alert(1, at: rig.clock.now)], to: rig.store, at: rig.clock.now, destination: "fake:old")
        try await rig.delivery.deliverPending()
        try await write([alert(2, at: rig.clock.now), alert(3, at: rig.clock.now)], to: rig.store, at: rig.clock.now, destination: "fake:old")
        try await write([alert(4, at: rig.clock.now)], to: rig.store, at: rig.clock.now, destination: "fake:kept")
        #expect(try await rig.store.alerts.outboxDestinations() == ["fake:old": 2, "fake:kept": 1])
        #expect(try await rig.store.alerts.removeDestination("fake:old") == 2)
        #expect(try await rig.store.alerts.outboxRows().map(\.destination) == ["fake:kept"])
    }
}
