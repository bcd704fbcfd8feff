import Foundation
import Logging
import NexBoardCore
import NexBoardTesting
import Store
import TestScopes
import Testing
import WebPage

@testable import NexBoard

@Suite("The store on the health page, and pruning", .stopsWhatItStarts)
struct StoreHealthTests {
    static let quiet: Logger = {
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        return logger
    }()

    func maintenance(_ store: NexBoardStore, _ health: HealthRegistry, date: ManualDate = ManualDate(),
                     clock: ManualClock = ManualClock()) -> StoreMaintenance<ManualClock> {
        StoreMaintenance(store: store, health: health, clock: clock, now: date.provider, logger: Self.quiet,
                         retention: .seconds(365 * 86_400))
    }

    func store(in health: HealthRegistry) async -> ComponentHealth? {
        await health.snapshot().first { $0.name == "store" }
    }

    @Test("the check reports a full database as down with a safe detail, and ok again once there is room")
    func fullThenRoom() async throws {
        let store = try NexBoardStore.inMemory()
        let health = HealthRegistry()
        let maintenance = maintenance(store, health)
        await maintenance.check()
        #expect(await self.store(in: health) == ComponentHealth(name: "store", state: .ok))
        try await store.fillUp()
        await maintenance.check()
        #expect(await self.store(in: health) == ComponentHealth(name: "store", state: .down, detail: "the database is full"))
        try await store.limitSize(pages: 1_000_000)
        await maintenance.check()
        #expect(await self.store(in: health)?.state == .ok)
    }

    @Test("the running service looks again on its interval: a database that fills up shows down without a restart")
    func periodic() async throws {
        let store = try NexBoardStore.inMemory()
        let health = HealthRegistry()
        let clock = ManualClock()
        let maintenance = maintenance(store, health, clock: clock)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await maintenance.run() }
            try await clock.waitForSleepers()
            #expect(await self.store(in: health)?.state == .ok)
            try await store.fillUp()
            clock.advance(by: .seconds(29))
            #expect(clock.sleepers == 1, "not looked at again before the 30 s interval")
            clock.advance(by: .seconds(1))
            try await clock.waitForSleepers()
            #expect(await self.store(in: health)?.state == .down)
            group.cancelAll()
        }
    }

    @Test("pruning deletes audit entries older than the retention and confirmations expired over a day ago")
    func prune() async throws {
        let store = try NexBoardStore.inMemory()
        let date = ManualDate()
        let day: TimeInterval = 86_400
        for age in [400, 366, 364, 1] {
            try await store.audit.record(AuditEntry(time: date.now.addingTimeInterval(-Double(age) * day), subject: "console:local",
                                                    platform: "console", command: "help", arguments: "help \(age)", result: .ok))
        }
        for age in [3.0, 0.5] {
            _ = try await store.confirmations.create(subject: "console:local", platform: "console", channel: nil, commandLine: "vm stop 101",
                                                     summary: "Stop", target: nil, now: date.now.addingTimeInterval(-age * day),
                                                     ttl: .seconds(60))
        }
        await maintenance(store, HealthRegistry(), date: date).prune()
        let left = try await store.audit.recent(limit: 10, subject: nil, result: nil).map(\.arguments)
        #expect(left == ["help 1", "help 364"])
        #expect(try await store.confirmations.pruneExpired(now: date.now) == 1, "the one expired half a day ago was kept")
    }

    @Test("the application probes the store first among its services, with audit.retention from the configuration")
    func wired() async throws {
        let test = try await TestApplication.make()
        let maintenance = try #require(test.app.services.first as? StoreMaintenance<AnyClock>)
        #expect(maintenance.retention == NexBoardConfig.defaultAuditRetention)
        try await test.app.store.fillUp()
        await maintenance.check()
        #expect(await store(in: test.app.health)?.state == .down)
        await test.shutdown()
    }
}

@Suite("A database that cannot be written stops actions, not answers", .stopsWhatItStarts)
struct AuditIntentTests {
    @Test("with a full database a state-changing command does nothing and says why; reading still works")
    func fullDatabase() async throws {
        let test = try await TestApplication.make()
        let stopped = try #require(await test.cluster.guestSnapshots().first { $0.status == "stopped" && !$0.template })
        try await test.app.store.fillUp()
        let (outcome, replies) = await test.send("vm start \(stopped.vmid)")
        #expect(outcome == .failed)
        let reply = try #require(await replies.last)
        #expect(reply.visibility == .requester)
        #expect(reply.text?.hasPrefix("Nothing was done: the bot cannot write its audit log") == true, "\(reply.text ?? "")")
        #expect(await test.cluster.guestSnapshot(vmid: stopped.vmid)?.status == "stopped")
        #expect(await test.send("vm list").outcome == .ok, "looking needs no audit entry")
        await test.shutdown()
    }

    @Test("an action's audit entry is written before it acts and completed after, with its target and task")
    func intentThenResult() async throws {
        let test = try await TestApplication.make()
        let stopped = try #require(await test.cluster.guestSnapshots().first { $0.status == "stopped" && !$0.template })
        #expect(await test.send("vm start \(stopped.vmid)").outcome == .ok)
        let entries = try await test.app.store.audit.recent(limit: 5, subject: TestApplication.admin.description, result: nil)
        #expect(entries.count == 1, "one entry per action: the intent, completed")
        let entry = try #require(entries.first)
        #expect(entry.result == .ok)
        #expect(entry.command == "vm start")
        #expect(entry.target?.contains("\(stopped.vmid) (\(stopped.name))") == true)
        #expect(entry.upid?.hasPrefix("UPID:") == true)
        await test.shutdown()
    }
}
