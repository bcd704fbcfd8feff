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

    /// Runs `body` while a poller (no rules, every 15 s on `clock`) runs with `fetch` as its cycle, then stops it.
    private func withPoller(on clock: ManualClock, fetch: @escaping @Sendable () async throws -> ClusterSnapshot,
                            _ body: () async throws -> Void) async throws {
        let store = try NexBoardStore.inMemory()
        let center = AlertCenter(engine: AlertEngine(rules: []), repository: store.alerts, keyValues: store.keyValues,
                                 now: ManualDate().provider, logger: Self.quiet)
        let poller = AlertPoller(cluster: "homelab", interval: .seconds(15), clock: clock, center: center, logger: Self.quiet, fetch: fetch)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await poller.run() }
            try await body()
            group.cancelAll()
        }
    }

    @Test("the poller reads the cluster once per interval, never sooner")
    func pollerPeriod() async throws {
        let clock = ManualClock()
        let polls = Mutex(0)
        try await withPoller(on: clock, fetch: {
            polls.withLock { $0 += 1 }
            return SnapshotFixtures.snapshot()
        }) {
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

    @Test("a cycle that takes 3 s of a 15 s period does not push the next one back: cycles start every 15 s")
    func pollerKeepsItsPeriod() async throws {
        let clock = ManualClock()
        let starts = Mutex<[Duration]>([])
        try await withPoller(on: clock, fetch: {
            starts.withLock { $0.append(clock.now.sinceStart) }
            clock.advance(by: .seconds(3))
            return SnapshotFixtures.snapshot()
        }) {
            for _ in 1...3 {
                try await clock.waitForSleepers()
                clock.advanceToNextDeadline()
            }
            try await clock.waitForSleepers()
            #expect(starts.withLock { $0 } == [.zero, .seconds(15), .seconds(30), .seconds(45)])
            #expect(clock.requestedSleeps == Array(repeating: .seconds(12), count: 4))
        }
    }

    @Test("a cycle that overruns two periods skips the ticks it missed instead of running them back to back")
    func pollerSkipsMissedTicks() async throws {
        let clock = ManualClock()
        let starts = Mutex<[Duration]>([])
        try await withPoller(on: clock, fetch: {
            let first = starts.withLock { starts in
                starts.append(clock.now.sinceStart)
                return starts.count == 1
            }
            if first { clock.advance(by: .seconds(40)) }
            return SnapshotFixtures.snapshot()
        }) {
            try await clock.waitForSleepers()
            #expect(clock.requestedSleeps == [.seconds(5)], "the next tick is 45 s; 15 s and 30 s are skipped")
            clock.advanceToNextDeadline()
            try await clock.waitForSleepers()
            #expect(starts.withLock { $0 } == [.zero, .seconds(45)])
            #expect(clock.requestedSleeps == [.seconds(5), .seconds(15)])
        }
    }

    @Test("the next tick is on the period from the first one, whatever the time now")
    func nextTick() {
        typealias Poller = AlertPoller<ManualClock>
        func at(_ seconds: Int) -> ManualClock.Instant { ManualClock.Instant(sinceStart: .seconds(seconds)) }
        #expect(Poller.nextTick(after: at(0), interval: .seconds(15), now: at(3)) == at(15))
        #expect(Poller.nextTick(after: at(0), interval: .seconds(15), now: at(15)) == at(15))
        #expect(Poller.nextTick(after: at(0), interval: .seconds(15), now: at(16)) == at(30))
        #expect(Poller.nextTick(after: at(0), interval: .seconds(15), now: at(40)) == at(45))
        #expect(Poller.nextTick(after: at(30), interval: .seconds(15), now: at(200)) == at(210))
    }

    @Test("a notification the center writes is delivered at once, without waiting for the next pass")
    func deliveryWakesOnWrite() async throws {
        let store = try NexBoardStore.inMemory()
        let date = ManualDate()
        let sinks = NotificationSinks()
        let sink = FakeChatSink()
        await sinks.register("fake", sink)
        try await store.alerts.subscribe(AlertSubscriptionRecord(destination: "fake:ops", filter: AlertSubscription().encoded,
                                                                 createdBy: "test", createdAt: date.now))
        let clock = ManualClock()
        let wakeup = DeliveryWakeup()
        let center = AlertCenter(engine: AlertEngine(rules: []), repository: store.alerts, keyValues: store.keyValues,
                                 now: date.provider, wakeup: wakeup, logger: Self.quiet)
        let delivery = AlertDelivery(repository: store.alerts, sinks: sinks, interval: .seconds(60), wakeup: wakeup, clock: clock,
                                     now: date.provider, logger: Self.quiet)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await delivery.run() }
            try await clock.waitForSleepers()
            let body = Data(#"{"title": "vzdump backup status (pve1): backup successful", "severity": "info", "type": "vzdump"}"#.utf8)
            try await center.ingest(ProxmoxNotificationIntake.notification(from: body, cluster: "homelab", received: date.now))
            let deadline = ContinuousClock.now + .seconds(10)
            while await sink.shown.isEmpty, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(5)) }
            #expect(await sink.shown.map(\.channel) == ["ops"])
            #expect(clock.now == ManualClock.Instant(sinceStart: .zero), "the clock never moved")
            try await clock.waitForSleepers()
            #expect(clock.requestedSleeps == [.seconds(60), .seconds(60)], "the pass's wait ended early, and the next one is a full interval")
            group.cancelAll()
        }
    }

    @Test("a wake-up that comes while delivery is busy is kept for its next wait, and only once")
    func wakeupKept() async throws {
        let wakeup = DeliveryWakeup()
        wakeup.signal()
        wakeup.signal()
        await wakeup.wait()
        let clock = ManualClock()
        let waited = Task { try await wakeup.wait(atMost: .seconds(1), on: clock) }
        try await clock.waitForSleepers()
        clock.advance(by: .seconds(1))
        try await waited.value
    }
}
