import Foundation
import Logging
import NexBoardCore
import NexBoardTesting
import Store
import Testing

@testable import Alerting

@Suite("Delivery limits: per-destination rate limit and grouping of event bursts")
struct DeliveryLimitsTests {
    func write(_ notifications: [AlertNotification], to store: NexBoardStore, at now: Date) async throws {
        let entries = try notifications.map { notification in
            OutboxEntry(dedupeKey: notification.dedupeKey, destinations: .these(["fake:alerts"]), threadKey: notification.threadKey,
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

    func delivery(_ store: NexBoardStore, _ sinks: NotificationSinks, _ clock: ManualDate) -> AlertDelivery<ContinuousClock> {
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        return AlertDelivery(repository: store.alerts, sinks: sinks, clock: ContinuousClock(), now: clock.provider, logger: logger)
    }

    @Test("a burst of 1,000 alerts reaches the channel five per pass, in order, none lost and none twice")
    func rateLimited() async throws {
        let store = try NexBoardStore.inMemory()
        let clock = ManualDate()
        let sinks = NotificationSinks()
        let sink = FakeChatSink()
        await sinks.register("fake", sink)
        try await write((0..<1000).map { notification(.firing, $0, at: clock.now) }, to: store, at: clock.now)
        let delivery = delivery(store, sinks, clock)
        #expect(try await delivery.deliverPending(limit: 1000) == 5)
        var passes = 1
        while try await delivery.deliverPending(limit: 1000) > 0 { passes += 1 }
        #expect(passes == 200)
        let titles = await sink.titles(in: "alerts")
        #expect(titles.count == 1000)
        #expect(titles == (0..<1000).map { "🔔 VM \($0) stopped unexpectedly" })
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
