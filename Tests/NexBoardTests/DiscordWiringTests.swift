import ChatDiscord
import Foundation
import Logging
import NexBoard
import NexBoardCore
import NexBoardTesting
import Prometheus
import Testing

/// NexBoard built from a configuration with a `discord` section, against the fake Discord.
@Suite("Discord wired into NexBoard")
struct DiscordWiringTests {
    private static var quiet: Logger {
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        return logger
    }

    @Test("the adapter is a service, registers the catalog at start, answers, autocompletes guests and reports health")
    func endToEnd() async throws {
        let fake = try await FakeDiscord.start(logger: Self.quiet)
        let config = NexBoardConfig(
            logLevel: .warning, dataDirectory: "unused",
            clusters: [ClusterConfig(name: "homelab", source: .simulator(nodes: 3, guests: 25, seed: 42), timeout: .seconds(5))],
            bindings: [BindingConfig(role: "viewer", subjects: [Subject(kind: .discordRole, identifier: "42")])],
            discord: DiscordConfig(token: Secret(fake.token), applicationID: fake.applicationID, guildIDs: ["700"],
                                   apiURL: fake.apiURL, gatewayURL: fake.gatewayURL))
        let catalog = try CommandCatalog.load(directory: RepositoryPaths.commands)
        let app = try await NexBoardApplication.build(
            config: config, catalog: catalog, metrics: PrometheusCollectorRegistry(),
            options: .init(inMemoryStore: true, httpPort: 0), logger: Self.quiet)
        let adapter = try #require(app.discord)
        #expect(app.services.contains { $0 is DiscordAdapter })

        let outcome: Result<Void, any Error> = await withTaskGroup(of: Void.self) { group in
            group.addTask { try? await adapter.run() }
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
                let answer = try await fake.waitForRequest("the vm list") { $0.path.contains(token) && $0.method == "PATCH" }
                #expect(answer.status == 200)
                #expect(answer.flags == nil)

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
                group.cancelAll()
                return .success(())
            } catch {
                group.cancelAll()
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
