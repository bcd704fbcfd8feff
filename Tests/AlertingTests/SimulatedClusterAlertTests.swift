import Foundation
import Logging
import NexBoardCore
import NexBoardTesting
import Proxmox
import ProxmoxSimulator
import Store
import Testing

@testable import Alerting

/// The poller's path end to end against the simulator over real HTTP: snapshot, events, rules,
/// outbox and delivery. Rule time is a manual clock; the simulator keeps its own wall clock.
@Suite("Alerts against the simulated cluster")
struct SimulatedClusterAlertTests {
    struct Harness {
        let cluster: SimulatedCluster
        let server: ProxmoxSimulatorServer
        let client: ProxmoxClient
        let store: NexBoardStore
        let clock: ManualDate
        let center: AlertCenter
        let sinks: NotificationSinks
        let sink: FakeChatSink

        var delivery: AlertDelivery<ManualClock> {
            AlertDelivery(repository: store.alerts, sinks: sinks, clock: ManualClock(), now: clock.provider, logger: Self.quiet)
        }

        var poller: AlertPoller<ManualClock> {
            let client = client
            let clock = clock
            return AlertPoller(cluster: "homelab", interval: .seconds(15), clock: ManualClock(), center: center, logger: Self.quiet) {
                try await ClusterSnapshot.fetch(from: client, cluster: "homelab", now: clock.now)
            }
        }

        static var quiet: Logger {
            var logger = Logger(label: "test")
            logger.logLevel = .critical
            return logger
        }

        /// One poll, then the manual clock moves on by the poll interval.
        func poll() async throws -> [AlertNotification] {
            let before = try await store.alerts.history(limit: 1000).count
            await poller.pollOnce()
            clock.advance(by: 15)
            let history = try await store.alerts.history(limit: 1000)
            return Array(history.prefix(history.count - before)).reversed().map {
                AlertNotification(kind: AlertNotification.Kind(rawValue: $0.kind) ?? .event, alertID: nil, cluster: $0.cluster,
                                  node: nil, tags: [], severity: AlertSeverity(rawValue: $0.severity) ?? .info, title: $0.text,
                                  since: nil, at: $0.time, dedupeKey: $0.dedupeKey, threadKey: nil)
            }
        }

        static func with(rules: [AlertRule], _ body: (Harness) async throws -> Void) async throws {
            let cluster = SimulatedCluster(options: SimulatorOptions(nodes: 3, guests: 12, taskDuration: .milliseconds(100)))
            let server = try await ProxmoxSimulatorServer.start(cluster: cluster, logger: quiet)
            let options = SimulatorOptions()
            let client = try ProxmoxClient(
                connection: ProxmoxConnection(name: "homelab", baseURL: server.baseURL,
                                              auth: .token(id: options.tokenID, secret: Secret(options.tokenSecret))),
                logger: quiet)
            let store = try NexBoardStore.inMemory()
            let clock = ManualDate()
            let center = AlertCenter(engine: AlertEngine(rules: rules), repository: store.alerts, keyValues: store.keyValues,
                                     now: clock.provider, logger: quiet)
            let sinks = NotificationSinks()
            let sink = FakeChatSink()
            await sinks.register("fake", sink)
            try await store.alerts.subscribe(AlertSubscriptionRecord(
                destination: "fake:alerts", filter: AlertSubscription().encoded, createdBy: "test", createdAt: clock.now))
            let harness = Harness(cluster: cluster, server: server, client: client, store: store, clock: clock, center: center,
                                  sinks: sinks, sink: sink)
            do {
                try await body(harness)
            } catch {
                try? await client.shutdown()
                await server.stop()
                throw error
            }
            try await client.shutdown()
            await server.stop()
        }
    }

    @Test("node memory climbing past the threshold gives exactly one alert after the for duration, resolved below the clear threshold")
    func memoryClimbs() async throws {
        let rule = AlertRule(name: "node-memory", metric: .nodeMemory, threshold: 90, clear: 85, for: .seconds(300))
        try await Harness.with(rules: [rule]) { sim in
            _ = try await sim.poll()
            await sim.cluster.setNodeMemory("pve2", usedFraction: 0.95)
            var fired: [AlertNotification] = []
            for _ in 0..<25 { fired += try await sim.poll().filter { $0.kind == .firing } }
            #expect(fired.map(\.title) == ["pve2 memory 95% for 5m"])
            await sim.cluster.setNodeMemory("pve2", usedFraction: 0.88)
            #expect(try await sim.poll().isEmpty)
            await sim.cluster.setNodeMemory("pve2", usedFraction: 0.5)
            #expect(try await sim.poll().map(\.kind) == [.resolved])
            try await sim.delivery.deliverPending()
            let shown = await sim.sink.shown
            #expect(shown.count == 1)
            #expect(shown.first?.message.title == "✔ Resolved: pve2 memory")
        }
    }

    @Test("a node going offline is one alert, and its guests' alerts are inhibited")
    func nodeOffline() async throws {
        let rules = [
            AlertRule(name: "node-offline", metric: .nodeOffline, severity: .critical),
            AlertRule(name: "guest-stopped", metric: .guestStoppedUnexpectedly),
            AlertRule(name: "guest-cpu", metric: .guestCPU, threshold: 0, clear: 0),
        ]
        try await Harness.with(rules: rules) { sim in
            _ = try await sim.poll()
            await sim.cluster.setNodeOnline("pve3", false)
            let notes = try await sim.poll()
            #expect(notes.filter { $0.kind == .firing }.map(\.title) == ["Node pve3 offline"])
            #expect(notes.filter { $0.kind == .event }.map(\.title) == ["Node pve3 went offline"])
            #expect(try await sim.poll().isEmpty)
            let active = try await sim.center.activeAlerts()
            #expect(active.filter { $0.rule == "node-offline" && $0.machine.isFiring }.count == 1)
        }
    }

    @Test("a guest that crashes is an event and a guest-stopped alert")
    func guestCrash() async throws {
        try await Harness.with(rules: [AlertRule(name: "guest-stopped", metric: .guestStoppedUnexpectedly)]) { sim in
            let resources = try await sim.client.clusterResources(type: .vm)
            let running = try #require(resources.first { $0.status == "running" && !$0.template && !$0.tags.contains("nexboard-mute") })
            let vmid = try #require(running.vmid)
            _ = try await sim.poll()
            await sim.cluster.crashGuest(vmid: vmid)
            let notes = try await sim.poll()
            #expect(notes.map(\.kind) == [.firing, .event])
            #expect(notes.last?.title.contains("\(vmid)") == true)
            #expect(notes.last?.title.contains("stopped unexpectedly") == true)
        }
    }

    @Test("a task that fails is an event, announced once across polls and a restart")
    func taskFailure() async throws {
        try await Harness.with(rules: []) { sim in
            let resources = try await sim.client.clusterResources(type: .vm)
            let stopped = try #require(resources.first { $0.status == "stopped" && !$0.template && $0.guestKind != nil })
            let vmid = try #require(stopped.vmid)
            _ = try await sim.poll()
            await sim.cluster.failNextTask(vmid: vmid, message: "start failed: out of memory")
            let upid = try await sim.client.powerAction(.start, node: try #require(stopped.node), kind: try #require(stopped.guestKind), vmid: vmid)
            _ = try await sim.client.waitForTask(upid, pollInterval: .milliseconds(50), timeout: .seconds(10))
            let notes = try await sim.poll()
            #expect(notes.filter { $0.kind == .event }.map(\.title).contains { $0.contains("failed") && $0.contains("\(vmid)") })
            #expect(try await sim.poll().isEmpty)
            // A new center (a restart) reads the saved task cursor: the failure is not announced again.
            let restarted = AlertCenter(engine: AlertEngine(rules: []), repository: sim.store.alerts, keyValues: sim.store.keyValues,
                                        now: sim.clock.provider, logger: Harness.quiet)
            let snapshot = try await ClusterSnapshot.fetch(from: sim.client, cluster: "homelab", now: sim.clock.now)
            #expect(try await restarted.cycle(cluster: "homelab", snapshot: snapshot).notifications.isEmpty)
        }
    }

    @Test("a cluster that stops answering becomes its own alert after its for duration")
    func unreachable() async throws {
        try await Harness.with(rules: []) { sim in
            _ = try await sim.poll()
            await sim.cluster.injectError(status: 503, message: "down", count: 100)
            var notes: [AlertNotification] = []
            for _ in 0..<6 { notes += try await sim.poll() }
            #expect(notes.map(\.title) == ["Cluster homelab unreachable for 1m"])
        }
    }
}
