import Foundation
import Logging
import NexBoardCore
import NexBoardTesting
import Store
import Synchronization
import Testing

@testable import Alerting

/// The poller and the delivery wait on the clock they are given: moved by hand here, nothing sleeps.
@Suite("Polling and delivery on their clock")
struct ScheduleTests {
    static var quiet: Logger {
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        return logger
    }

    @Test("the poller reads the cluster once per interval, never sooner")
    func pollerPeriod() async throws {
        let store = try NexBoardStore.inMemory()
        let date = ManualDate()
        let center = AlertCenter(engine: AlertEngine(rules: []), repository: store.alerts, keyValues: store.keyValues,
                                 now: date.provider, logger: Self.quiet)
        let clock = ManualClock()
        let polls = Mutex(0)
        let poller = AlertPoller(cluster: "homelab", interval: .seconds(15), clock: clock, center: center, logger: Self.quiet) {
            polls.withLock { $0 += 1 }
            return SnapshotFixtures.snapshot()
        }
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await poller.run() }
            try await clock.waitForSleepers()
            #expect(polls.withLock { $0 } == 1, "a first poll at start")
            for expected in 2...4 {
                clock.advance(by: .milliseconds(14_999))
                #expect(clock.sleepers == 1, "still waiting just before the interval")
                clock.advance(by: .milliseconds(1))
                try await clock.waitForSleepers()
                #expect(polls.withLock { $0 } == expected)
            }
            #expect(clock.requestedSleeps == Array(repeating: .seconds(15), count: 4))
            group.cancelAll()
        }
    }

    @Test("delivery makes a pass per interval: a notification written meanwhile goes out on the next pass")
    func deliveryPasses() async throws {
        let store = try NexBoardStore.inMemory()
        let date = ManualDate()
        let sinks = NotificationSinks()
        let sink = FakeChatSink()
        await sinks.register("fake", sink)
        let clock = ManualClock()
        let delivery = AlertDelivery(repository: store.alerts, sinks: sinks, interval: .seconds(1), clock: clock, now: date.provider,
                                     logger: Self.quiet)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await delivery.run() }
            try await clock.waitForSleepers()
            let notification = AlertNotification(kind: .event, alertID: nil, cluster: "homelab", node: "pve1", tags: [], severity: .warning,
                                                 title: "VM 101 stopped", since: date.now, at: date.now, eventKind: "guest-stopped",
                                                 dedupeKey: "e1", threadKey: nil)
            try await store.alerts.commit(AlertCycleWrite(now: date.now, outbox: [
                OutboxEntry(dedupeKey: "e1", destinations: .these(["fake:ops"]), threadKey: nil, kind: "event",
                            payload: String(decoding: try JSONEncoder().encode(notification), as: UTF8.self)),
            ]))
            #expect(await sink.shown.isEmpty, "no pass before the interval")
            clock.advance(by: .seconds(1))
            try await clock.waitForSleepers()
            #expect(await sink.shown.map(\.channel) == ["ops"])
            group.cancelAll()
        }
    }
}
