import Alerting
import AsyncHTTPClient
import ChatDiscord
import ChatKit
import Crypto
import Foundation
import Logging
import NexBoard
import NexBoardCore
import NexBoardTesting
import NIOCore
import Prometheus
import ServiceLifecycle
import Store
import TestScopes
import Testing

/// NexBoard built from a configuration with a `discord` section, against the fake Discord.
@Suite("Discord wired into NexBoard", .stopsWhatItStarts)
struct DiscordWiringTests {
    private static var quiet: Logger {
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        return logger
    }

    /// A simulated cluster and a `discord` section pointing at `fake`.
    private static func config(_ fake: FakeDiscord, dataDirectory: String = "unused", bindings: [BindingConfig] = [],
                               publicKey: String? = nil) -> NexBoardConfig {
        NexBoardConfig(
            logLevel: .warning, dataDirectory: dataDirectory,
            clusters: [ClusterConfig(name: "homelab", source: .simulator(nodes: 3, guests: 25, seed: 42), timeout: .seconds(5))],
            bindings: bindings,
            discord: DiscordConfig(token: Secret(fake.token), applicationID: fake.applicationID, guildIDs: ["700"],
                                   apiURL: fake.apiURL, gatewayURL: fake.gatewayURL, publicKey: publicKey))
    }

    private static func build(_ config: NexBoardConfig, options: NexBoardApplication.Options) async throws -> NexBoardApplication {
        try await NexBoardApplication.build(config: config, catalog: try CommandCatalog.load(directory: RepositoryPaths.commands),
                                            metrics: PrometheusCollectorRegistry(), options: options, logger: quiet)
    }

    @Test("alert notifications for a Discord channel are posted there and edited on resolve")
    func alertSink() async throws {
        let fake = try await FakeDiscord.start(logger: Self.quiet)
        let app = try await Self.build(Self.config(fake), options: .init(inMemoryStore: true, httpPort: 0))
        let sink = try #require(await app.notificationSinks.sink(for: "discord"))
        let handle = try await sink.send(Message(title: "pve2 memory 93% for 5 min", severity: .warning), to: "800", key: "k1")
        let posted = try await fake.waitForRequest("the alert") { $0.method == "POST" && $0.path == "/channels/800/messages" }
        #expect(posted.violations == [])
        #expect(try await sink.send(Message(title: "again"), to: "800", key: "k1") == handle)
        try await sink.edit(handle, Message(title: "resolved", severity: .success), at: "800")
        let edited = try await fake.waitForRequest("the edit") { $0.method == "PATCH" && $0.path == "/channels/800/messages/\(handle)" }
        #expect(edited.status == 200)
        #expect(await fake.requests().filter { $0.method == "POST" && $0.path == "/channels/800/messages" }.count == 1)
        await app.shutdown()
        await fake.stop()
    }

    @Test("a crash after Discord created an alert's message but before the outbox marked it: after the restart the channel shows it once")
    func crashBetweenSendAndMark() async throws {
        let fake = try await FakeDiscord.start(logger: Self.quiet)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("nexboard-nonce-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        func start() async throws -> NexBoardApplication {
            try await Self.build(Self.config(fake, dataDirectory: folder), options: .init(dataDirectory: folder, httpPort: 0))
        }
        let notification = AlertNotification(kind: .firing, alertID: "node-offline@homelab:pve2", cluster: "homelab", node: "pve2", tags: [],
                                             severity: .critical, title: "Node pve2 offline for 1m", since: Date(), at: Date(),
                                             dedupeKey: "firing:node-offline@homelab:pve2:1", threadKey: "node-offline@homelab:pve2")

        // The first process writes the row, Discord creates the message, and the process dies before marking it.
        let first = try await start()
        try await first.store.alerts.commit(AlertCycleWrite(now: Date(), outbox: [
            OutboxEntry(dedupeKey: notification.dedupeKey, destinations: .these(["discord:800"]), threadKey: notification.threadKey,
                        kind: "firing", payload: String(decoding: try JSONEncoder().encode(notification), as: UTF8.self)),
        ]))
        let sink = try #require(await first.notificationSinks.sink(for: "discord"))
        let posted = try await sink.send(notification.message, to: "800", key: "\(notification.dedupeKey)@discord:800")
        await first.shutdown()

        // The next process finds the row pending and delivers it: Discord answers with the same message.
        let second = try await start()
        let delivery = try #require(second.services.compactMap { $0 as? AlertDelivery<AnyClock> }.first)
        #expect(try await delivery.deliverPending() == 1)
        #expect(await fake.messages(in: "800") == [posted])
        #expect(try await second.store.alerts.outboxRows().map(\.handle) == [posted])
        await second.shutdown()
        await fake.stop()
    }

    @Test("the adapter is a service, registers the catalog at start, answers, autocompletes guests and reports health")
    func endToEnd() async throws {
        let fake = try await FakeDiscord.start(logger: Self.quiet)
        let catalog = try CommandCatalog.load(directory: RepositoryPaths.commands)
        let app = try await Self.build(
            Self.config(fake, bindings: [BindingConfig(role: "viewer", subjects: [Subject(kind: "discord-role", identifier: "42")])],
                        publicKey: "d04ab232742bb4ab3a1368bd4615e4e6d0224ab71a016baf8520a332c9778737"),
            options: .init(inMemoryStore: true, httpPort: 0))
        #expect(app.chatAdapters.map(\.platform.id) == ["discord"])
        #expect(app.services.contains { $0 is ChatAdapter })

        // Its own client, closed before the HTTP page stops (graceful shutdown waits for open connections).
        let client = HTTPClient(eventLoopGroupProvider: .singleton)
        let services = ServiceGroup(configuration: .init(services: app.services, logger: Self.quiet))
        let outcome: Result<Void, any Error> = await withTaskGroup(of: Void.self) { group in
            group.addTask { try? await services.run() }
            do {
                let registration = try await fake.waitForRequest("the registration") { $0.method == "PUT" }
                #expect(registration.path == "/applications/\(fake.applicationID)/guilds/700/commands")
                #expect(registration.violations == [])
                try await fake.waitForSession()
                let deadline = ContinuousClock.now + .seconds(5)
                while await !app.health.snapshot().contains(where: { $0.name == "chat:discord" && $0.state == .ok }),
                      ContinuousClock.now < deadline {
                    try await Task.sleep(for: .milliseconds(10))
                }
                #expect(await app.health.snapshot().contains { $0.name == "chat:discord" && $0.state == .ok })

                // A member whose role is bound as viewer lists guests.
                let (_, token) = try await fake.send(interaction: [
                    "type": 2, "guild_id": "700", "channel_id": "800",
                    "member": ["user": ["id": "555"], "roles": ["42"]],
                    "data": ["name": "vm", "options": [["name": "list", "type": 1, "options": []]]],
                ])
                let answer = try await fake.waitForRequest("the vm list") { $0.path.contains(token) }
                #expect(answer.path.hasSuffix("/callback"))
                #expect(answer.json?["type"] as? Int == 4, "a fast command is answered directly")
                #expect((answer.json?["data"] as? [String: Any])?["flags"] == nil)

                // Autocomplete of a guest comes from the simulated cluster.
                let (_, autoToken) = try await fake.send(interaction: [
                    "type": 4, "guild_id": "700", "channel_id": "800",
                    "member": ["user": ["id": "555"], "roles": ["42"]],
                    "data": ["name": "vm", "options": [["name": "stop", "type": 1, "options": [
                        ["name": "guest", "type": 3, "value": "1", "focused": true],
                    ]]]],
                ])
                let choices = try await fake.waitForRequest("the choices") { $0.path.contains(autoToken) }
                let list = (choices.json?["data"] as? [String: Any])?["choices"] as? [[String: Any]] ?? []
                #expect(!list.isEmpty && list.count <= 25)
                #expect(list.allSatisfy { Int($0["value"] as? String ?? "") != nil })

                // The HTTP page serves the signed interactions endpoint.
                let port = await app.httpPort()
                let body = Data(#"{"type":1,"id":"1","token":"t","application_id":"100"}"#.utf8)
                let timestamp = String(Int(Date().timeIntervalSince1970))
                let key = try Curve25519.Signing.PrivateKey(rawRepresentation: Data(repeating: 0x11, count: 32))
                let signature = try key.signature(for: Data(timestamp.utf8) + body).map { String(format: "%02x", $0) }.joined()
                func post(_ signature: String) async throws -> (Int, String) {
                    var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)/discord/interactions")
                    request.method = .POST
                    request.headers.add(name: "X-Signature-Ed25519", value: signature)
                    request.headers.add(name: "X-Signature-Timestamp", value: timestamp)
                    request.body = .bytes(ByteBuffer(bytes: body))
                    let response = try await client.execute(request, timeout: .seconds(5))
                    let text = String(buffer: try await response.body.collect(upTo: 1 << 16))
                    return (Int(response.status.code), text)
                }
                let (status, text) = try await post(signature)
                #expect(status == 200)
                #expect(text == #"{"type":1}"#)
                let (badStatus, _) = try await post(String(repeating: "0", count: 128))
                #expect(badStatus == 401)
                try? await client.shutdown()
                await services.triggerGracefulShutdown()
                return .success(())
            } catch {
                try? await client.shutdown()
                await services.triggerGracefulShutdown()
                return .failure(error)
            }
        }
        await app.shutdown()
        await fake.stop()
        try outcome.get()
    }
}

private extension FakeDiscordRequest {
    var flags: Int? { json?["flags"] as? Int }
}
