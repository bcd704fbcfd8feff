import Alerting
import Foundation
import Logging
import Mail
import NexBoardCore
import NexBoardTesting
import Prometheus
import Store
import TestScopes
import Testing

@testable import NexBoard

/// Alerts through the outbox to a real SMTP server (aiosmtpd on 127.0.0.1), configured the way
/// `alerts.email` configures it. Runs when `SMTP_PYTHON` is set, as `.ci/run` sets it.
@Suite("Email alerts through the outbox", .enabled(if: try SMTPTestServer.required()), .stopsWhatItStarts)
struct EmailDeliveryTests {
    static let quiet: Logger = {
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        return logger
    }()

    func emailConfig(port: Int, password: String) throws -> EmailConfig {
        let server = try #require(SMTPServerAddress(url: "smtp://127.0.0.1:\(port)"))
        return EmailConfig(
            smtp: SMTPConfiguration(server: server, tls: .starttls, username: "bot", password: Secret(password),
                                    caFile: SMTPTestServer.certificateFile, timeout: .seconds(10)),
            from: MailAddress("nexboard@homelab.test", name: "NexBoard"),
            lists: [.init(name: "ops", to: [MailAddress("ops@homelab.test"), MailAddress("owner@homelab.test")])])
    }

    @Test("a refused login keeps the row pending and retried; with the right password it arrives once, and the resolution threads under it")
    func retriedUntilLoginWorks() async throws {
        try await SMTPTestServer.with(mode: .starttls, auth: true) { server in
            try await retried(through: server)
        }
    }

    func retried(through server: SMTPTestServer) async throws {
        let store = try NexBoardStore.inMemory()
        let clock = ManualDate()
        let sinks = NotificationSinks()
        try await NexBoardApplication.configureEmail(try emailConfig(port: server.port, password: "wrong-password-1"), store: store,
                                                     sinks: sinks, now: clock.provider, logger: Self.quiet)
        #expect(try await store.alerts.subscriptions().map(\.destination) == ["email:ops"])
        let center = AlertCenter(engine: AlertEngine(rules: [AlertRule(name: "node-offline", metric: .nodeOffline, severity: .critical)]),
                                 repository: store.alerts, keyValues: store.keyValues, now: clock.provider, logger: Self.quiet)
        let offline = [NodeSample(name: "pve1", online: true), NodeSample(name: "pve2", online: false)]
        try await center.cycle(cluster: "homelab", snapshot: ClusterSnapshot(cluster: "homelab", takenAt: clock.now, nodes: offline))
        let delivery = AlertDelivery(repository: store.alerts, sinks: sinks, clock: ManualClock(), now: clock.provider, logger: Self.quiet)

        #expect(try await delivery.deliverPending() == 0)
        clock.advance(by: 5)
        #expect(try await delivery.deliverPending() == 0)
        let pending = try #require(try await store.alerts.outboxRows().first { $0.destination == "email:ops" })
        #expect(pending.state == .pending)
        #expect(pending.attempts == 2)
        let lastError = try #require(pending.lastError)
        #expect(lastError.contains("refused the login for bot (535"))
        #expect(!lastError.contains("wrong-password-1"))
        #expect(try server.received().isEmpty)

        // The password is fixed (a restart with the corrected configuration).
        try await NexBoardApplication.configureEmail(try emailConfig(port: server.port, password: SMTPTestServer.password), store: store,
                                                     sinks: sinks, now: clock.provider, logger: Self.quiet)
        clock.advance(by: 60)
        #expect(try await delivery.deliverPending() == 1)
        #expect(try await delivery.deliverPending() == 0)
        let first = try #require(try await server.waitForMessages(1).first)
        #expect(first.subject?.hasPrefix("[CRITICAL] ") == true)
        #expect(first.subject?.contains("pve2") == true)
        #expect(first.rcptTos == ["ops@homelab.test", "owner@homelab.test"])
        #expect(first.tls && first.auth == "bot")
        #expect(first.text?.contains("alert ack") == true)
        #expect(first.html?.contains("<h2") == true)

        // The node comes back: the resolution is a reply to the first mail.
        clock.advance(by: 60)
        let online = [NodeSample(name: "pve1", online: true), NodeSample(name: "pve2", online: true)]
        try await center.cycle(cluster: "homelab", snapshot: ClusterSnapshot(cluster: "homelab", takenAt: clock.now, nodes: online))
        #expect(try await delivery.deliverPending() == 1)
        let messages = try await server.waitForMessages(2)
        #expect(messages.count == 2)
        let reply = messages[1]
        #expect(reply.inReplyTo == first.messageID)
        #expect(reply.references == first.messageID)
        #expect(reply.subject?.hasPrefix("Re: [OK] Resolved:") == true)
        try await Task.sleep(for: .milliseconds(200))
        #expect(try server.received().count == 2)
    }

}

@Suite("Email lists become subscriptions")
struct EmailSubscriptionTests {
    @Test("lists no longer configured are unsubscribed, and without email no email subscription is left")
    func staleSubscriptions() async throws {
        let store = try NexBoardStore.inMemory()
        let clock = ManualDate()
        let sinks = NotificationSinks()
        let quiet = EmailDeliveryTests.quiet
        var config = try EmailDeliveryTests().emailConfig(port: 2525, password: "x")
        config.lists.append(.init(name: "boss", to: [MailAddress("boss@homelab.test")], severity: "critical"))
        try await NexBoardApplication.configureEmail(config, store: store, sinks: sinks, now: clock.provider, logger: quiet)
        #expect(Set(try await store.alerts.subscriptions().map(\.destination)) == ["email:ops", "email:boss"])
        #expect(await sinks.sink(for: "email") != nil)
        config.lists.removeLast()
        try await NexBoardApplication.configureEmail(config, store: store, sinks: sinks, now: clock.provider, logger: quiet)
        #expect(try await store.alerts.subscriptions().map(\.destination) == ["email:ops"])
        try await NexBoardApplication.configureEmail(nil, store: store, sinks: sinks, now: clock.provider, logger: quiet)
        #expect(try await store.alerts.subscriptions().isEmpty)
    }
}

/// The whole application, built by its composition root from a configuration with `alerts.email`,
/// over the simulated cluster: a real poll, the real outbox and delivery, a real SMTP server.
@Suite("Email alerts from the composition root", .enabled(if: try SMTPTestServer.required()), .stopsWhatItStarts)
struct EmailApplicationTests {
    @Test("a node going offline in the simulated cluster arrives by email, and its resolution as a reply")
    func nodeOfflineByEmail() async throws {
        try await SMTPTestServer.with(mode: .starttls, auth: true) { server in
            let smtp = SMTPConfiguration(server: try #require(SMTPServerAddress(url: server.url())), username: "bot",
                                         password: Secret(SMTPTestServer.password), caFile: SMTPTestServer.certificateFile)
            var config = NexBoardConfig(
                logLevel: .warning, dataDirectory: "unused",
                clusters: [ClusterConfig(name: "homelab", source: .simulator(nodes: 3, guests: 25, seed: 42), timeout: .seconds(5))],
                bindings: TestApplication.defaultBindings())
            config.alerts.email = EmailConfig(smtp: smtp, from: MailAddress("nexboard@homelab.test"),
                                              lists: [.init(name: "pager", to: [MailAddress("pager@homelab.test")], severity: "critical")])
            let clock = ManualDate(Date())
            let app = try await NexBoardApplication.build(
                config: config, catalog: try CommandCatalog.load(directory: RepositoryPaths.commands),
                metrics: PrometheusCollectorRegistry(),
                options: .init(inMemoryStore: true, httpPort: 0, now: clock.provider), logger: EmailDeliveryTests.quiet)
            do {
                let cluster = try #require(app.simulatedClusters["homelab"])
                await app.pollAlertsNow()
                await cluster.setNodeOnline("pve3", false)
                await app.pollAlertsNow()
                clock.advance(by: 61)
                await app.pollAlertsNow()
                try await app.deliverAlertsNow()
                let firing = try await server.waitForMessages(1)
                let alert = try #require(firing.first { $0.subject?.contains("Node pve3 offline") == true })
                #expect(alert.subject?.hasPrefix("[CRITICAL] ") == true)
                #expect(alert.rcptTos == ["pager@homelab.test"])

                await cluster.setNodeOnline("pve3", true)
                clock.advance(by: 30)
                await app.pollAlertsNow()
                try await app.deliverAlertsNow()
                let all = try await server.waitForMessages(firing.count + 1)
                let resolution = try #require(all.first { $0.inReplyTo == alert.messageID })
                #expect(resolution.subject == "Re: [OK] Resolved: Node pve3 offline")
            } catch {
                await app.shutdown()
                throw error
            }
            await app.shutdown()
        }
    }
}
