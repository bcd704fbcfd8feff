import Alerting
import AsyncHTTPClient
import Foundation
import Hummingbird
import Logging
import NIOCore
import NexBoardCore
import NexBoardTesting
import Store
import Synchronization
import Testing
import WebPage

@testable import NexBoard

/// Records what a fake webhook receiver got.
actor ReceivedPosts {
    struct Post: Sendable {
        var path: String
        var headers: [String: String]
        var body: String
    }

    private(set) var posts: [Post] = []
    var failuresLeft = 0

    func record(_ post: Post) -> Bool {
        if failuresLeft > 0 {
            failuresLeft -= 1
            return false
        }
        posts.append(post)
        return true
    }

    func fail(_ count: Int) { failuresLeft = count }
}

@Suite("Webhook sinks against a receiver on 127.0.0.1")
struct WebhookSinkTests {
    static let quiet: Logger = {
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        return logger
    }()

    /// Runs a receiver that answers 200 on `/hook/<name>` (or 500 while told to fail), 404 on
    /// `/gone/<name>`, and records every POST.
    func withReceiver(_ body: (Int, ReceivedPosts) async throws -> Void) async throws {
        let received = ReceivedPosts()
        try await withWebPage(routes: { router in
            router.post("/hook/:name") { request, _ -> Response in
                let buffer = try await request.body.collect(upTo: 1 << 20)
                var headers: [String: String] = [:]
                for field in request.headers { headers[field.name.canonicalName] = field.value }
                let ok = await received.record(ReceivedPosts.Post(path: request.uri.path, headers: headers, body: String(buffer: buffer)))
                return Response(status: ok ? .ok : .internalServerError)
            }
            router.post("/gone/:name") { request, _ -> Response in
                _ = await received.record(ReceivedPosts.Post(path: request.uri.path, headers: [:], body: ""))
                return Response(status: .notFound)
            }
        }, logger: Self.quiet) { port in
            try await body(port, received)
        }
    }

    let alert = Message(title: "🔔 pve2 memory 93% for 5m", text: "Firing since 2026-11-18 11:06 UTC on cluster homelab.",
                        buttons: [Button("Acknowledge", command: "alert ack x")], footer: "alert x", severity: .warning)

    @Test("each format posts its own shape, with an idempotency key")
    func formats() async throws {
        try await withReceiver { (port: Int, received: ReceivedPosts) async throws in
            var endpoints: [String: WebhookSink.Endpoint] = [:]
            for format in WebhookFormat.allCases {
                endpoints[format.rawValue] = WebhookSink.Endpoint(url: "http://127.0.0.1:\(port)/hook/\(format.rawValue)", format: format)
            }
            let sink = WebhookSink(endpoints: endpoints)
            for format in WebhookFormat.allCases {
                _ = try await sink.send(alert, to: format.rawValue, key: "k-\(format.rawValue)")
            }
            let posts = await received.posts
            #expect(posts.count == 5)
            func body(_ name: String) throws -> [String: Any] {
                let post = try #require(posts.first { $0.path == "/hook/\(name)" })
                return try #require(try JSONSerialization.jsonObject(with: Data(post.body.utf8)) as? [String: Any])
            }
            #expect(try body("json")["title"] as? String == "🔔 pve2 memory 93% for 5m")
            #expect(try body("json")["severity"] as? String == "warning")
            #expect((try body("discord")["content"] as? String)?.hasPrefix("**🔔 pve2 memory") == true)
            #expect((try body("slack")["text"] as? String)?.hasPrefix("*🔔 pve2 memory") == true)
            #expect(try body("gotify")["priority"] as? Int == 6)
            let ntfy = try #require(posts.first { $0.path == "/hook/ntfy" })
            #expect(ntfy.headers["title"] == "pve2 memory 93% for 5m")
            #expect(ntfy.headers["priority"] == "4")
            #expect(ntfy.body.contains("Firing since"))
            #expect(posts.allSatisfy { $0.headers["idempotency-key"]?.hasPrefix("k-") == true })
        }
    }

    @Test("a webhook that fails is retried by the outbox and receives the notification once")
    func retried() async throws {
        try await withReceiver { (port: Int, received: ReceivedPosts) async throws in
            let store = try NexBoardStore.inMemory()
            let clock = ManualDate()
            let sinks = NotificationSinks()
            let hook = WebhookConfig(name: "ops", url: Secret("http://127.0.0.1:\(port)/hook/ops"), format: "slack", severity: "warning")
            try await NexBoardApplication.configureWebhooks([hook], store: store, sinks: sinks, now: clock.provider)
            let center = AlertCenter(engine: AlertEngine(rules: [AlertRule(name: "node-offline", metric: .nodeOffline, severity: .critical)]),
                                     repository: store.alerts, keyValues: store.keyValues, now: clock.provider, logger: Self.quiet)
            let nodes = [NodeSample(name: "pve1", online: true), NodeSample(name: "pve2", online: false)]
            try await center.cycle(cluster: "homelab", snapshot: ClusterSnapshot(cluster: "homelab", takenAt: clock.now, nodes: nodes))
            let delivery = AlertDelivery(repository: store.alerts, sinks: sinks, clock: ManualClock(), now: clock.provider, logger: Self.quiet)
            await received.fail(1)
            #expect(try await delivery.deliverPending() == 0)
            clock.advance(by: 5)
            #expect(try await delivery.deliverPending() == 1)
            #expect(try await delivery.deliverPending() == 0)
            let posts = await received.posts
            #expect(posts.count == 1)
            #expect(posts.first?.body.contains("Node pve2 offline") == true)
            // A webhook removed from the configuration is unsubscribed at the next start.
            try await NexBoardApplication.configureWebhooks([], store: store, sinks: sinks, now: clock.provider)
            #expect(try await store.alerts.subscriptions().isEmpty)
        }
    }

    /// One node-offline alert written to the outbox for every configured webhook.
    func alertFor(_ hooks: [WebhookConfig], store: NexBoardStore, sinks: NotificationSinks, clock: ManualDate) async throws {
        try await NexBoardApplication.configureWebhooks(hooks, store: store, sinks: sinks, now: clock.provider)
        let center = AlertCenter(engine: AlertEngine(rules: [AlertRule(name: "node-offline", metric: .nodeOffline, severity: .critical)]),
                                 repository: store.alerts, keyValues: store.keyValues, now: clock.provider, logger: Self.quiet)
        let nodes = [NodeSample(name: "pve1", online: true), NodeSample(name: "pve2", online: false)]
        try await center.cycle(cluster: "homelab", snapshot: ClusterSnapshot(cluster: "homelab", takenAt: clock.now, nodes: nodes))
    }

    @Test("a webhook answering 404 gets one attempt, then the row is a dead letter shown in the alert history and on the health page")
    func deadLetter() async throws {
        try await withReceiver { (port: Int, received: ReceivedPosts) async throws in
            let store = try NexBoardStore.inMemory()
            let clock = ManualDate()
            let sinks = NotificationSinks()
            let hook = WebhookConfig(name: "phone", url: Secret("http://127.0.0.1:\(port)/gone/phone"), format: "ntfy", severity: "warning")
            try await alertFor([hook], store: store, sinks: sinks, clock: clock)
            var delivery = AlertDelivery(repository: store.alerts, sinks: sinks, clock: ManualClock(), now: clock.provider, logger: Self.quiet)
            let health = HealthRegistry()
            delivery.report = { status in
                let (state, detail) = NexBoardApplication.deliveryHealth(status)
                await health.report("alerting:delivery", state, detail: detail)
            }
            #expect(try await delivery.deliverPending() == 0)
            clock.advance(by: 600)
            #expect(try await delivery.deliverPending() == 0)
            #expect(await received.posts.count == 1, "one attempt only")
            let row = try #require(try await store.alerts.outboxRows().first)
            #expect(row.state == .dead && row.attempts == 1)
            let line = try #require(try await store.alerts.history(limit: 10).first { $0.kind == "undelivered" })
            #expect(line.text == "not delivered to webhook:phone: the webhook answered HTTP 404 — Node pve2 offline")
            let component = try #require(await health.snapshot().first)
            #expect(component.state == .degraded)
            #expect(component.detail == "not delivered in the last 24 h (see alert history): 1 to webhook:phone")
        }
    }

    @Test("a webhook URL with user:password@ posts with Basic authentication and without them in the URL")
    func basicAuthentication() async throws {
        try await withReceiver { (port: Int, received: ReceivedPosts) async throws in
            let endpoint = WebhookSink.Endpoint(url: "http://nexboard:p%40ss%2Fw0rd@127.0.0.1:\(port)/hook/ntfy", format: .ntfy)
            #expect(endpoint.url == "http://127.0.0.1:\(port)/hook/ntfy")
            #expect(!"\(endpoint)".contains("w0rd"))
            _ = try await WebhookSink(endpoints: ["ntfy": endpoint]).send(alert, to: "ntfy", key: "k")
            let post = try #require(await received.posts.first)
            #expect(post.path == "/hook/ntfy")
            #expect(post.headers["authorization"] == "Basic " + Data("nexboard:p@ss/w0rd".utf8).base64EncodedString())
        }
    }

    @Test("a failing webhook with credentials in its URL: no log line and no health detail holds them")
    func credentialsStayOutOfLogsAndHealth() async throws {
        try await withReceiver { (port: Int, received: ReceivedPosts) async throws in
            let store = try NexBoardStore.inMemory()
            let clock = ManualDate()
            let sinks = NotificationSinks()
            let capture = LogCapture()
            let password = "hunter2-SECRET"
            let hooks = [WebhookConfig(name: "ops", url: Secret("http://ops:\(password)@127.0.0.1:\(port)/hook/ops"), format: "json")]
            try await alertFor(hooks, store: store, sinks: sinks, clock: clock)
            var delivery = AlertDelivery(repository: store.alerts, sinks: sinks, clock: ManualClock(), now: clock.provider,
                                         logger: capture.logger())
            let statuses = Mutex<[DeliveryStatus]>([])
            delivery.report = { status in statuses.withLock { $0.append(status) } }
            await received.fail(1)
            #expect(try await delivery.deliverPending() == 0)
            let status = try #require(statuses.withLock { $0.last })
            #expect(status.failing.keys.sorted() == ["webhook:ops"])
            let detail = NexBoardApplication.deliveryHealth(status).1 ?? ""
            #expect(detail.contains("HTTP 500"))
            #expect(!capture.all.isEmpty)
            for text in capture.all + [detail] + (try await store.alerts.outboxRows().compactMap(\.lastError)) {
                #expect(!text.contains(password), "\(text)")
                #expect(!text.contains("@127.0.0.1"), "\(text)")
            }
        }
    }

    @Test("a Proxmox hook reaches a JSON webhook with its message and fields well within a second, long before the next delivery pass")
    func hookToWebhook() async throws {
        let received = ReceivedPosts()
        let store = try NexBoardStore.inMemory()
        let sinks = NotificationSinks()
        let wakeup = DeliveryWakeup()
        let center = AlertCenter(engine: AlertEngine(rules: []), repository: store.alerts, keyValues: store.keyValues,
                                 wakeup: wakeup, logger: Self.quiet)
        // A pass every minute: only the wake-up can make it quick.
        let delivery = AlertDelivery(repository: store.alerts, sinks: sinks, interval: .seconds(60), wakeup: wakeup,
                                     clock: ContinuousClock(), now: { Date() }, logger: Self.quiet)
        let secret = Secret("hook-secret")
        try await withWebPage(routes: { router in
            router.post("/hook/:name") { request, _ -> Response in
                let buffer = try await request.body.collect(upTo: 1 << 20)
                _ = await received.record(ReceivedPosts.Post(path: request.uri.path, headers: [:], body: String(buffer: buffer)))
                return Response(status: .ok)
            }
            ProxmoxWebhookRoute.install(on: router, secret: secret, center: center, clusters: ["homelab"], now: { Date() },
                                        logger: Self.quiet)
        }, logger: Self.quiet) { port in
            let hook = WebhookConfig(name: "ops", url: Secret("http://127.0.0.1:\(port)/hook/ops"), format: "json", severity: "info")
            try await NexBoardApplication.configureWebhooks([hook], store: store, sinks: sinks, now: { Date() })
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await delivery.run() }
                try await Task.sleep(for: .milliseconds(200))  // the first (empty) pass is over; delivery waits
                var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)/hooks/proxmox")
                request.method = .POST
                request.headers.add(name: "X-NexBoard-Secret", value: secret.value)
                request.body = .bytes(ByteBuffer(string: #"""
                    {"title": "vzdump backup status (pve1): backup failed", "message": "Job 'backup-5f1c' failed: storage full",
                     "severity": "error", "fields": {"type": "vzdump", "hostname": "pve1", "job-id": "backup-5f1c"}}
                    """#))
                let started = ContinuousClock.now
                let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
                #expect(response.status.code == 202)
                while await received.posts.isEmpty, ContinuousClock.now - started < .seconds(10) {
                    try await Task.sleep(for: .milliseconds(2))
                }
                let elapsed = ContinuousClock.now - started
                #expect(elapsed < .seconds(1), "hook to webhook took \(elapsed)")
                let post = try #require(await received.posts.first)
                let body = try #require(try JSONSerialization.jsonObject(with: Data(post.body.utf8)) as? [String: Any])
                #expect(body["severity"] as? String == "critical")
                #expect((body["text"] as? String)?.hasPrefix("Job 'backup-5f1c' failed: storage full") == true)
                #expect((body["fields"] as? [[String: String]])?.contains(["name": "Job", "value": "backup-5f1c"]) == true)
                group.cancelAll()
            }
        }
    }
}

