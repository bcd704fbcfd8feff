import AsyncHTTPClient
import ChatKit
import ChatSlack
import Foundation
import Logging
import NexBoard
import NexBoardCore
import NexBoardTesting
import NIOCore
import Prometheus
import ServiceLifecycle
import TestScopes
import Testing

/// NexBoard built from a configuration with a `slack` section, against the fake Slack.
@Suite("Slack wired into NexBoard", .stopsWhatItStarts)
struct SlackWiringTests {
    static let admin = Subject(kind: "slack", identifier: "U0ADMIN01")

    private static var quiet: Logger {
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        return logger
    }

    private static func config(_ fake: FakeSlack, slack: (inout SlackConfig) -> Void = { _ in }, publicURL: String? = nil) -> NexBoardConfig {
        var section = SlackConfig(botToken: Secret(fake.botToken), appToken: Secret(fake.appToken), apiURL: fake.apiURL)
        slack(&section)
        var config = NexBoardConfig(
            logLevel: .warning, dataDirectory: "unused", http: .init(port: 0, publicURL: publicURL),
            clusters: [ClusterConfig(name: "homelab", source: .simulator(nodes: 3, guests: 25, seed: 42), timeout: .seconds(5))],
            bindings: [BindingConfig(role: "admin", subjects: [admin])])
        config.slack = section
        return config
    }

    private static func build(_ config: NexBoardConfig) async throws -> NexBoardApplication {
        try await NexBoardApplication.build(config: config, catalog: try CommandCatalog.load(directory: RepositoryPaths.commands),
                                            metrics: PrometheusCollectorRegistry(), options: .init(inMemoryStore: true, httpPort: 0),
                                            logger: quiet)
    }

    /// Runs the application's services around `body`.
    private static func serving(_ app: NexBoardApplication, _ body: () async throws -> Void) async throws {
        let services = ServiceGroup(configuration: .init(services: app.services, logger: quiet))
        let outcome: Result<Void, any Error> = await withTaskGroup(of: Void.self) { group in
            group.addTask { try? await services.run() }
            do {
                try await body()
                await services.triggerGracefulShutdown()
                return .success(())
            } catch {
                await services.triggerGracefulShutdown()
                return .failure(error)
            }
        }
        await app.shutdown()
        try outcome.get()
    }

    private static func waitForHealth(_ app: NexBoardApplication, _ state: String, timeout: Duration = .seconds(10)) async throws {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if await app.health.snapshot().contains(where: { $0.name == "chat:slack" && "\($0.state)" == state }) { return }
            try await Task.sleep(for: .milliseconds(20))
        }
        throw FakeSlack.Timeout(what: "chat:slack \(state)")
    }

    @Test("Socket Mode: chat:slack turns ok, a command is answered, and a subscribed channel gets alerts through the outbox")
    func socketMode() async throws {
        let fake = try await FakeSlack.start(logger: Self.quiet)
        let app = try await Self.build(Self.config(fake))
        #expect(app.chatAdapters.map(\.platform.id) == ["slack"])
        try await Self.serving(app) {
            try await Self.waitForHealth(app, "ok")
            let list = try await fake.sendSlashCommand("vm list", user: Self.admin.identifier)
            #expect(try await fake.waitForAck(list.envelopeID).asResponse?.shownText.contains("Guests on homelab") == true)

            let subscribe = try await fake.sendSlashCommand("alert subscribe", user: Self.admin.identifier, channel: "C0ALERTS")
            _ = try await fake.waitForResponses("the subscription", to: subscribe) { !$0.isEmpty }
            _ = try await fake.sendSlashCommand("alert test", user: Self.admin.identifier, channel: "C0ALERTS")
            let alert = try await fake.waitForRequest("the test alert") { request in
                request.method == "chat.postMessage" && request.string("channel") == "C0ALERTS" && request.shownText.lowercased().contains("test")
            }
            #expect(alert.error == nil && alert.violations.isEmpty)
        }
        await fake.stop()
    }

    @Test("The alert sink posts in a Slack channel and edits the same message when the alert resolves")
    func alertSink() async throws {
        let fake = try await FakeSlack.start(logger: Self.quiet)
        let app = try await Self.build(Self.config(fake))
        let sink = try #require(await app.notificationSinks.sink(for: "slack"))
        let handle = try await sink.send(Message(title: "pve2 memory 93% for 5 min", severity: .warning), to: "C0ALERTS", key: "k1")
        try await sink.edit(handle, Message(title: "Resolved: pve2 memory", severity: .success), at: "C0ALERTS")
        let messages = await fake.messages(in: "C0ALERTS")
        #expect(messages.map(\.ts) == [handle])
        #expect(messages.first?.latest.shownText.contains("Resolved") == true)
        await app.shutdown()
        await fake.stop()
    }

    @Test("A revoked token stops Slack: chat:slack is down on /healthz, the rest keeps running")
    func revokedToken() async throws {
        let fake = try await FakeSlack.start(logger: Self.quiet)
        let app = try await Self.build(Self.config(fake))
        try await Self.serving(app) {
            try await Self.waitForHealth(app, "ok")
            await fake.revokeBotToken()
            let sent = try await fake.sendSlashCommand("vm shutdown 100", user: Self.admin.identifier)
            _ = try await fake.waitForAck(sent.envelopeID)
            try await Self.waitForHealth(app, "down")
            #expect(await app.health.snapshot().contains { $0.name == "store" && "\($0.state)" == "ok" })
        }
        await fake.stop()
    }

    @Test("HTTP mode: the HTTP page serves the signed endpoints; a forged request gets 401")
    func httpMode() async throws {
        let fake = try await FakeSlack.start(logger: Self.quiet)
        let secret = "8f742231b10e8888abcd99yyyzzz85a5"
        let app = try await Self.build(Self.config(fake, slack: {
            $0.mode = .http
            $0.appToken = nil
            $0.signingSecret = Secret(secret)
        }, publicURL: "https://nexboard.example.net"))
        // Its own client, shut down on every path (a client dropped unclosed ends the test process).
        let client = HTTPClient(eventLoopGroupProvider: .singleton)
        let outcome: Result<Void, any Error>
        do {
            try await Self.httpModeRequests(app, client: client, secret: secret)
            outcome = .success(())
        } catch {
            outcome = .failure(error)
        }
        try? await client.shutdown()
        await fake.stop()
        try outcome.get()
    }

    private static func httpModeRequests(_ app: NexBoardApplication, client: HTTPClient, secret: String) async throws {
        try await Self.serving(app) {
            try await Self.waitForHealth(app, "ok")
            let port = await app.httpPort()
            let body = Data("team_id=T0FAKETEAM&channel_id=C0GENERAL&user_id=U0ADMIN01&command=%2Fnex&text=whoami&trigger_id=t-1".utf8)
            func post(signature: String) async throws -> (Int, String) {
                let timestamp = String(Int(Date().timeIntervalSince1970))
                var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)/slack/commands")
                request.method = .POST
                request.headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
                request.headers.add(name: "X-Slack-Request-Timestamp", value: timestamp)
                request.headers.add(name: "X-Slack-Signature",
                                    value: signature.isEmpty ? SlackSignatureVerifier.signature(secret: secret, timestamp: timestamp, body: body) : signature)
                request.body = .bytes(ByteBuffer(bytes: body))
                let response = try await client.execute(request, timeout: .seconds(10))
                return (Int(response.status.code), String(buffer: try await response.body.collect(upTo: 1 << 20)))
            }
            let (status, text) = try await post(signature: "")
            #expect(status == 200)
            #expect(text.contains("slack:U0ADMIN01"))
            let (forged, _) = try await post(signature: "v0=" + String(repeating: "0", count: 64))
            #expect(forged == 401)
        }
    }
}
