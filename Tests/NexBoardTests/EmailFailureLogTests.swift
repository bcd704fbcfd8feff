import Alerting
import Foundation
import Mail
import NexBoardCore
import NexBoardTesting
import Store
import Synchronization
import Testing

@testable import NexBoard

@Suite("A failing SMTP server and the password")
struct EmailFailureLogTests {
    @Test("an SMTP failure's log lines, its outbox error and the health detail never hold the password")
    func passwordStaysOut() async throws {
        let password = "smtp-hunter2-SECRET"
        let store = try NexBoardStore.inMemory()
        let clock = ManualDate()
        let sinks = NotificationSinks()
        let capture = LogCapture()
        let server = try #require(SMTPServerAddress(url: "smtp://127.0.0.1:1"))
        let email = EmailConfig(smtp: SMTPConfiguration(server: server, tls: .plain, username: "bot", password: Secret(password),
                                                        connectTimeout: .seconds(5), timeout: .seconds(5)),
                                from: MailAddress("nexboard@homelab.test"), lists: [.init(name: "ops", to: [MailAddress("ops@homelab.test")])])
        try await NexBoardApplication.configureEmail(email, store: store, sinks: sinks, now: clock.provider, logger: capture.logger())
        let center = AlertCenter(engine: AlertEngine(rules: [AlertRule(name: "node-offline", metric: .nodeOffline, severity: .critical)]),
                                 repository: store.alerts, keyValues: store.keyValues, now: clock.provider, logger: capture.logger())
        let nodes = [NodeSample(name: "pve1", online: true), NodeSample(name: "pve2", online: false)]
        try await center.cycle(cluster: "homelab", snapshot: ClusterSnapshot(cluster: "homelab", takenAt: clock.now, nodes: nodes))
        var delivery = AlertDelivery(repository: store.alerts, sinks: sinks, clock: ManualClock(), now: clock.provider,
                                     logger: capture.logger())
        let statuses = Mutex<[DeliveryStatus]>([])
        delivery.report = { status in statuses.withLock { $0.append(status) } }

        #expect(try await delivery.deliverPending() == 0)
        let status = try #require(statuses.withLock { $0.last })
        #expect(status.failing["email:ops"]?.contains("could not connect") == true)
        let detail = NexBoardApplication.deliveryHealth(status).1 ?? ""
        #expect(capture.all.contains { $0.contains("will retry") })
        for text in capture.all + [detail] + (try await store.alerts.outboxRows().compactMap(\.lastError)) {
            #expect(!text.contains(password), "\(text)")
        }
    }
}
