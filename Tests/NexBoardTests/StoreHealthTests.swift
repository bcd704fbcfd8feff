import Foundation
import Logging
import NexBoardCore
import NexBoardTesting
import Store
import Testing
import WebPage

@testable import NexBoard

@Suite("The store on the health page, and pruning")
struct StoreHealthTests {
    static let quiet: Logger = {
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        return logger
    }()

    func maintenance(_ store: NexBoardStore, _ health: HealthRegistry, clock: ManualDate = ManualDate(),
                     checkInterval: Duration = .seconds(30)) -> StoreMaintenance<ContinuousClock> {
        var maintenance = StoreMaintenance(store: store, health: health, clock: ContinuousClock(), now: clock.provider, logger: Self.quiet,
                                           retention: .seconds(365 * 86_400))
        maintenance.checkInterval = checkInterval
        return maintenance
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
        let maintenance = maintenance(store, health, checkInterval: .milliseconds(20))
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await maintenance.run() }
            #expect(try await waitFor(in: health) { $0?.state == .ok })
            try await store.fillUp()
            #expect(try await waitFor(in: health) { $0?.state == .down })
            group.cancelAll()
        }
    }

    /// Polls the `store` component for up to 10 s (a loaded machine) until `predicate` holds.
    func waitFor(in health: HealthRegistry, _ predicate: (ComponentHealth?) -> Bool) async throws -> Bool {
        for _ in 0..<500 {
            if predicate(await store(in: health)) { return true }
            try await Task.sleep(for: .milliseconds(20))
        }
        return false
    }

    @Test("pruning deletes audit entries older than the retention and confirmations expired over a day ago")
    func prune() async throws {
        let store = try NexBoardStore.inMemory()
        let clock = ManualDate()
        let day: TimeInterval = 86_400
        for age in [400, 366, 364, 1] {
            try await store.audit.record(AuditEntry(time: clock.now.addingTimeInterval(-Double(age) * day), subject: "console:local",
                                                    platform: "console", command: "help", arguments: "help \(age)", result: .ok))
        }
        for age in [3.0, 0.5] {
            _ = try await store.confirmations.create(subject: "console:local", platform: "console", channel: nil, commandLine: "vm stop 101",
                                                     summary: "Stop", target: nil, now: clock.now.addingTimeInterval(-age * day),
                                                     ttl: .seconds(60))
        }
        await maintenance(store, HealthRegistry(), clock: clock).prune()
        let left = try await store.audit.recent(limit: 10, subject: nil, result: nil).map(\.arguments)
        #expect(left == ["help 1", "help 364"])
        #expect(try await store.confirmations.pruneExpired(now: clock.now) == 1, "the one expired half a day ago was kept")
    }

    @Test("the application probes the store first among its services, with audit.retention from the configuration")
    func wired() async throws {
        let test = try await TestApplication.make()
        let maintenance = try #require(test.app.services.first as? StoreMaintenance<ContinuousClock>)
        #expect(maintenance.retention == NexBoardConfig.defaultAuditRetention)
        try await test.app.store.fillUp()
        await maintenance.check()
        #expect(await store(in: test.app.health)?.state == .down)
        await test.shutdown()
    }
}

@Suite("A database that cannot be written stops actions, not answers")
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
