import Alerting
import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NexBoardCore
import NexBoardTesting
import Store
import Testing

@testable import NexBoard

@Suite("The Proxmox webhook endpoint on the HTTP page")
struct ProxmoxWebhookTests {
    static let secret = Secret("s3cret-webhook")
    static let backupFailed = #"{"title": "vzdump backup status (pve1): backup failed", "message": "job errors", "severity": "error", "fields": {"type": "vzdump", "hostname": "pve1"}}"#

    /// Runs the page with the webhook route on 127.0.0.1, port 0, and a subscribed channel.
    func withEndpoint(_ body: (Int, NexBoardStore) async throws -> Void) async throws {
        let logger = {
            var logger = Logger(label: "test")
            logger.logLevel = .critical
            return logger
        }()
        let store = try NexBoardStore.inMemory()
        let clock = ManualDate()
        try await store.alerts.subscribe(AlertSubscriptionRecord(
            destination: "fake:alerts", filter: AlertSubscription().encoded, createdBy: "test", createdAt: clock.now))
        let center = AlertCenter(engine: AlertEngine(rules: []), repository: store.alerts, keyValues: store.keyValues,
                                 now: clock.provider, logger: logger)
        try await withWebPage(routes: { router in
            ProxmoxWebhookRoute.install(on: router, secret: Self.secret, center: center, clusters: ["homelab"],
                                        now: clock.provider, logger: logger)
        }, logger: logger) { port in
            try await body(port, store)
        }
    }

    func post(_ path: String, port: Int, secret: String?, body: String) async throws -> Int {
        var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)\(path)")
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        if let secret { request.headers.add(name: "X-NexBoard-Secret", value: secret) }
        request.body = .bytes(ByteBuffer(string: body))
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
        _ = try await response.body.collect(upTo: 1 << 16)
        return Int(response.status.code)
    }

    @Test("a missing or wrong secret is refused with 401 and nothing is recorded")
    func wrongSecret() async throws {
        try await withEndpoint { (port: Int, store: NexBoardStore) async throws in
            #expect(try await post("/hooks/proxmox", port: port, secret: nil, body: Self.backupFailed) == 401)
            #expect(try await post("/hooks/proxmox", port: port, secret: "guess", body: Self.backupFailed) == 401)
            #expect(try await store.alerts.outboxRows().isEmpty)
            #expect(try await store.alerts.history(limit: 10).isEmpty)
        }
    }

    @Test("a malformed body is refused with 400; an unknown cluster with 404")
    func malformed() async throws {
        try await withEndpoint { (port: Int, store: NexBoardStore) async throws in
            #expect(try await post("/hooks/proxmox", port: port, secret: Self.secret.value, body: "not json") == 400)
            #expect(try await post("/hooks/proxmox", port: port, secret: Self.secret.value, body: #"{"message": "no title"}"#) == 400)
            #expect(try await post("/hooks/proxmox/elsewhere", port: port, secret: Self.secret.value, body: Self.backupFailed) == 404)
            #expect(try await store.alerts.outboxRows().isEmpty)
        }
    }

    @Test("a backup failure notification becomes one event for the subscribed channel, even when posted twice")
    func accepted() async throws {
        try await withEndpoint { (port: Int, store: NexBoardStore) async throws in
            #expect(try await post("/hooks/proxmox/homelab", port: port, secret: Self.secret.value, body: Self.backupFailed) == 202)
            #expect(try await post("/hooks/proxmox", port: port, secret: Self.secret.value, body: Self.backupFailed) == 202)
            let rows = try await store.alerts.outboxRows()
            #expect(rows.count == 1)
            #expect(rows.first?.destination == "fake:alerts")
            let notification = try JSONDecoder().decode(AlertNotification.self, from: Data(try #require(rows.first).payload.utf8))
            #expect(notification.eventKind == "backup-failed")
            #expect(notification.severity == .critical)
            #expect(notification.node == "pve1")
        }
    }
}
