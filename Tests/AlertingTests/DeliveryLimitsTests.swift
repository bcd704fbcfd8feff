import Foundation
import Logging
import NexBoardCore
import NexBoardTesting
import Store
import Testing

@testable import Alerting

@Suite("Delivery limits: per-platform rate limits and grouping of event bursts")
struct DeliveryLimitsTests {
    func write(_ notifications: [AlertNotification], to store: NexBoardStore, at now: Date,
               destination: String = "fake:alerts") async throws {
        let entries = try notifications.map { notification in
            OutboxEntry(dedupeKey: notification.dedupeKey, destinations: .these([destination]), threadKey: notification.threadKey,
                        kind: notification.kind.rawValue,
                        payload: String(decoding: try JSONEncoder().encode(notification), as: UTF8.self))
        }
        try await store.alerts.commit(AlertCycleWrite(now: now, outbox: entries))
    }

    func notification(_ kind: AlertNotification.Kind, _ index: Int, at now: Date) -> AlertNotification {
        AlertNotification(kind: kind, alertID: kind == .firing ? "guest-stopped@homelab:\(index)" : nil, cluster: "homelab", node: "pve1",
                          tags: [], severity: .warning, title: "VM \(index) stopped unexpectedly", since: now, at: now,
                          eventKind: kind == .event ? "guest-stopped" : nil, dedupeKey: "\(kind.rawValue)-\(index)",
                          threadKey: kind == .firing ? "thread-\(index)" : nil)
    }

    func delivery(_ store: NexBoardStore, _ sinks: NotificationSinks, _ clock: ManualDate) -> AlertDelivery<ManualClock> {
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        return AlertDelivery(repository: store.alerts, sinks: sinks, clock: ManualClock(), now: clock.provider, logger: logger)
    }

    @Test("a burst of 1,000 alerts reaches the channel five a second, in order, none lost and none twice")
    func rateLimited() async throws {
        let store = try NexBoardStore.inMemory()
        let clock = ManualDate()
        let sinks = NotificationSinks()
        let sink = FakeChatSink()
        await sinks.register("fake", sink)
        try await write((0..<1000).map { notification(.firing, $0, at: clock.now) }, to: store, at: clock.now)
        let delivery = delivery(store, sinks, clock)
        #expect(try await delivery.deliverPending() == 5)
        #expect(try await delivery.deliverPending() == 0, "no token is left within the same second")
        var seconds = 0
        repeat {
            clock.advance(by: 1)
            seconds += 1
        } while try await delivery.deliverPending() > 0
        #expect(seconds == 200, "199 more seconds of five, then one empty pass")
        let titles = await sink.titles(in: "alerts")
        #expect(titles.count == 1000)
        #expect(titles == (0..<1000).map { "🔔 VM \($0) stopped unexpectedly" })
    }

    @Test("each platform keeps the pace it declares: 5 per 5 s, or a burst of 10 then one per 5 s")
    func perPlatform() async throws {
        let store = try NexBoardStore.inMemory()
        let clock = ManualDate()
        let sinks = NotificationSinks()
        let discord = FakeChatSink(pace: DeliveryPace(burst: 5, per: 5)), matrix = FakeChatSink(pace: DeliveryPace(burst: 10, per: 50))
        await sinks.register("discord", discord)
        await sinks.register("matrix", matrix)
        try await write((0..<20).map { notification(.firing, $0, at: clock.now) }, to: store, at: clock.now, destination: "discord:123")
        try await write((100..<120).map { notification(.firing, $0, at: clock.now) }, to: store, at: clock.now, destination: "matrix:!room")
        let delivery = delivery(store, sinks, clock)
        #expect(try await delivery.deliverPending() == 15)
        clock.advance(by: 2)
        #expect(try await delivery.deliverPending() == 2, "two seconds refill two Discord tokens and no whole Matrix one")
        clock.advance(by: 3)
        #expect(try await delivery.deliverPending() == 4, "three more for Discord, one for Matrix")
        #expect(await discord.titles(in: "123").count == 10)
        #expect(await matrix.titles(in: "!room").count == 11)
        // A separate channel of the same platform has its own bucket.
        try await write([notification(.firing, 500, at: clock.now)], to: store, at: clock.now, destination: "discord:456")
        #expect(try await delivery.deliverPending() == 1)
        #expect(await discord.titles(in: "456").count == 1)
    }

    @Test("many events for one channel in a pass arrive as one message listing them")
    func grouped() async throws {
        let store = try NexBoardStore.inMemory()
        let clock = ManualDate()
        let sinks = NotificationSinks()
        let sink = FakeChatSink()
        await sinks.register("fake", sink)
        try await write((0..<6).map { notification(.event, $0, at: clock.now) }, to: store, at: clock.now)
        #expect(try await delivery(store, sinks, clock).deliverPending() == 6)
        let shown = await sink.shown
        #expect(shown.count == 1)
        #expect(shown.first?.message.title == "6 events on homelab")
        #expect(shown.first?.message.text?.split(separator: "\n").count == 6)
        #expect(try await store.alerts.outboxRows().allSatisfy { $0.state == .sent && $0.handle == shown.first?.handle })
    }

    @Test("pruning deletes sent rows and history past retention, never pending rows")
    func prune() async throws {
        let store = try NexBoardStore.inMemory()
        let clock = ManualDate()
        let sinks = NotificationSinks()
        await sinks.register("fake", FakeChatSink())
        try await write([notification(.firing, 1, at: clock.now)], to: store, at: clock.now)
        try await delivery(store, sinks, clock).deliverPending()
        try await write([notification(.firing, 2, at: clock.now)], to: store, at: clock.now)
        #expect(try await store.alerts.prune(before: clock.now.addingTimeInterval(1)) == 1)
        #expect(try await store.alerts.outboxRows().map(\.state) == [.pending])
    }
}
