import Alerting
import AsyncHTTPClient
import Foundation
import Hummingbird
import Logging
import NIOCore
import NexBoard
import NexBoardCore
import Prometheus
import ServiceLifecycle
import Store
import WebPage

/// `POST /hooks/proxmox` → the JSON webhook's request, as the service wires them: the hook route on
/// the HTTP page, the alert center writing the outbox row and waking delivery, the webhook sink
/// posting to a receiver on the same page. One hook at a time; the time is from the POST's start to
/// the receiver getting the request. The webhook's pace is lifted (a receiver of one's own), so
/// each hook goes out as it comes.
enum HookBenchmark {
    /// When each request reached the receiver.
    actor Arrivals {
        private(set) var times: [ContinuousClock.Instant] = []

        func arrived(at time: ContinuousClock.Instant) { times.append(time) }
    }

    static func run(hooks: Int, report: BenchmarkReport) async throws {
        let quiet = {
            var logger = Logger(label: "bench")
            logger.logLevel = .critical
            return logger
        }()
        let store = try NexBoardStore.inMemory()
        let sinks = NotificationSinks()
        let wakeup = DeliveryWakeup()
        let center = AlertCenter(engine: AlertEngine(rules: []), repository: store.alerts, keyValues: store.keyValues, wakeup: wakeup,
                                 logger: quiet)
        let delivery = AlertDelivery(repository: store.alerts, sinks: sinks, wakeup: wakeup, clock: ContinuousClock(), now: { Date() },
                                     logger: quiet)
        let arrivals = Arrivals()
        let secret = Secret("bench-secret")
        let server = WebPageServer(
            configuration: WebPageConfiguration(host: "127.0.0.1", port: 0), health: HealthRegistry(), metrics: PrometheusCollectorRegistry(),
            logger: quiet,
            extraRoutes: { router in
                router.post("/receiver") { request, _ -> Response in
                    _ = try await request.body.collect(upTo: 1 << 20)
                    await arrivals.arrived(at: .now)
                    return Response(status: .ok)
                }
                ProxmoxWebhookRoute.install(on: router, secret: secret, center: center, clusters: ["lab"], now: { Date() }, logger: quiet)
            })
        let group = ServiceGroup(configuration: .init(services: [delivery, server], logger: quiet))
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            let port = await server.boundPort()
            await sinks.register("webhook", WebhookSink(
                endpoints: ["bench": .init(url: "http://127.0.0.1:\(port)/receiver", format: .json)],
                pace: DeliveryPace(burst: 1_000_000, per: 1)))
            try await store.alerts.subscribe(AlertSubscriptionRecord(
                destination: "webhook:bench", filter: AlertSubscription(minimumSeverity: .info).encoded, createdBy: "bench", createdAt: Date()))
            var latencies: [Duration] = []
            for index in 0..<hooks {
                var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)/hooks/proxmox")
                request.method = .POST
                request.headers.add(name: ProxmoxWebhookRoute.secretHeader, value: secret.value)
                request.body = .bytes(ByteBuffer(string: #"""
                    {"title": "vzdump backup status (pve1): backup successful #\#(index)", "severity": "info",
                     "message": "Details\n=======\nVMID 104 ok 12s 1.2 GiB", "fields": {"type": "vzdump", "hostname": "pve1", "job-id": "backup-\#(index)"}}
                    """#))
                let started = ContinuousClock.now
                let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
                precondition(response.status.code == 202, "the hook answered \(response.status)")
                let deadline = started + .seconds(10)
                while await arrivals.times.count <= index, ContinuousClock.now < deadline {
                    try await Task.sleep(for: .microseconds(200))
                }
                guard let arrived = await arrivals.times.dropFirst(index).first else {
                    report.note("hook \(index) did not reach the webhook within 10 s")
                    break
                }
                latencies.append(started.duration(to: arrived))
            }
            report.durations("Proxmox hook → JSON webhook request (\(latencies.count) hooks, one at a time)", latencies)
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
    }
}
