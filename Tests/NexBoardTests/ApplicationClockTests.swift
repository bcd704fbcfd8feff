import Alerting
import Logging
import NexBoardCore
import NexBoardTesting
import ServiceLifecycle
import TestScopes
import Testing
import WebPage

@testable import NexBoard

/// `Options.clock` reaches everything that waits: with a manual clock, nothing waits in real time.
@Suite("The application's clock", .stopsWhatItStarts)
struct ApplicationClockTests {
    func state(_ name: String, in health: HealthRegistry) async -> ComponentState? {
        await health.snapshot().first { $0.name == name }?.state
    }

    @Test("every service that waits sleeps on it, each on its own period")
    func servicesSleepOnTheClock() async throws {
        let clock = ManualClock()
        let test = try await TestApplication.make(clock: clock)
        var quiet = Logger(label: "test")
        quiet.logLevel = .critical
        let group = ServiceGroup(configuration: .init(services: test.app.services, logger: quiet))
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            // The store probe and the cluster health check (30 s), the alert poller (15 s), the delivery (1 s).
            try await clock.waitForSleepers(2, dueIn: .seconds(30))
            try await clock.waitForSleepers(dueIn: .seconds(15))
            try await clock.waitForSleepers(dueIn: .seconds(1))
            #expect(await state("cluster:homelab", in: test.app.health) == .ok)
            #expect(await state("alerting:homelab", in: test.app.health) == .ok)
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
        await test.shutdown()
    }

    @Test("the cluster health check looks again after its interval, not before: a cluster that stops answering shows down")
    func healthMonitorPeriod() async throws {
        let clock = ManualClock()
        let test = try await TestApplication.make(clock: clock)
        let monitor = try #require(test.app.services.compactMap { $0 as? ClusterHealthMonitor }.first)
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await monitor.run() }
            try await clock.waitForSleepers(dueIn: .seconds(30))
            #expect(await state("cluster:homelab", in: test.app.health) == .ok)
            await test.cluster.injectError(status: 500, message: "no quorum", pathContains: "/version", count: 100)
            clock.advance(by: .seconds(29))
            #expect(clock.sleepers == 1, "no check before the interval")
            clock.advance(by: .seconds(1))
            try await clock.waitForSleepers(dueIn: .seconds(30))
            #expect(await state("cluster:homelab", in: test.app.health) == .down)
            tasks.cancelAll()
        }
        await test.shutdown()
    }

    @Test("a followed task shows progress, then waits on the clock between polls; the result comes on the next poll")
    func taskFollowing() async throws {
        let clock = ManualClock()
        let test = try await TestApplication.make(clock: clock)
        let guest = try await test.guest { $0.status == "stopped" }
        let replies = RecordingResponder()
        let running = Task { await test.send("vm start \(guest.vmid)", responder: replies) }
        // TestApplication polls tasks every 50 ms.
        try await clock.waitForSleepers(dueIn: .milliseconds(50))
        #expect(await replies.last?.severity == .pending, "progress is shown before the first wait")
        // The simulator ends the task in its own time; the reply waits for the clock.
        while await test.cluster.guestSnapshot(vmid: guest.vmid)?.status != "running" {
            try await Task.sleep(for: .milliseconds(10))
        }
        #expect(clock.sleepers == 1)
        #expect(await replies.last?.severity == .pending)
        clock.advance(by: .milliseconds(50))
        let (outcome, _) = await running.value
        #expect(outcome == .ok)
        #expect(await replies.last?.severity == .success)
        await test.shutdown()
    }
}
