import Foundation
import Logging
import NexBoard
import NexBoardCore
import Testing

@Suite("The configuration files shipped in config/")
struct ConfigFilesTests {
    private let configFolder = ConfigTestSupport.packageRoot().appendingPathComponent("config")

    @Test("the example configuration loads with PVE_TOKEN set")
    func exampleLoads() throws {
        let path = configFolder.appendingPathComponent("nexboard.example.yaml").path
        let config = try ConfigLoader.load(path: path, environment: ["PVE_TOKEN": "0f0e0d0c-aaaa-bbbb-cccc-000000000001"])

        #expect(config.logLevel == .info)
        #expect(config.dataDirectory == "/var/lib/nexboard")
        #expect(config.http == HTTPConfig(host: "127.0.0.1", port: 8080, publicURL: "https://nexboard.example.net"))
        #expect(config.auditRetention == .seconds(365 * 86_400))
        #expect(config.clusters.map(\.name) == ["home", "trial"])
        #expect(config.clusters[0].source == .remote(
            url: "https://pve1.lan:8006",
            auth: .token(id: "nexboard@pve!bot", secret: Secret("0f0e0d0c-aaaa-bbbb-cccc-000000000001")),
            caFile: nil,
            insecureTLS: false
        ))
        #expect(config.clusters[0].timeout == .seconds(10))
        #expect(config.clusters[1].source == .simulator(nodes: 3, guests: 25, seed: 42))
        #expect(config.clusters[1].timeout == .seconds(5))
        #expect(config.customRoles["helpdesk"] == [.guestView, .consoleOpen])
        #expect(config.roles["operator"] == BuiltInRoles.all["operator"])
        #expect(config.bindings.map(\.role) == ["admin", "operator", "helpdesk"])
        #expect(config.bindings[1].scope == ScopeConfig(clusters: ["home"], tags: ["lab"], pools: ["lab"], nodes: ["pve2"], vmids: [100...199, 250...250]))
        #expect(config.bindings[1].subjects.map(\.description) == ["discord-role:123456789", "slack:U024BE7LH", "matrix:@alice:example.org"])
        #expect(config.confirmationTTL == .seconds(60))
        #expect(config.consoleSubject == Subject(kind: "console", identifier: "local"))
    }

    @Test("the example configuration without PVE_TOKEN names the variable and the key")
    func exampleNeedsToken() throws {
        let path = configFolder.appendingPathComponent("nexboard.example.yaml").path
        let error = #expect(throws: ConfigError.self) {
            try ConfigLoader.load(path: path, environment: [:])
        }
        let problems = try #require(error?.problems)
        #expect(problems.count == 1)
        #expect(problems.first?.keyPath == "clusters[0].token_secret")
        #expect(problems.first?.message.contains("PVE_TOKEN") == true)
    }

    @Test("the demo configuration loads a simulated homelab with three example bindings")
    func demoLoads() throws {
        let path = configFolder.appendingPathComponent("demo.yaml").path
        let config = try ConfigLoader.load(path: path, environment: [:])

        #expect(config.clusters.count == 1)
        #expect(config.clusters.first?.name == "homelab")
        #expect(config.clusters.first?.source == .simulator(nodes: 3, guests: 25, seed: 42))
        #expect(config.http.host == "127.0.0.1")
        #expect(config.http.port == 8080)
        #expect(config.dataDirectory == configFolder.appendingPathComponent("data").standardizedFileURL.path)
        let bindings = config.bindings.map { ($0.role, $0.subjects.map(\.description), $0.scope) }
        #expect(bindings.count == 3)
        #expect(bindings[0] == ("admin", ["console:local"], nil))
        #expect(bindings[1] == ("operator", ["discord:111111111111111111"], ScopeConfig(tags: ["lab"])))
        #expect(bindings[2] == ("viewer", ["slack:U0VIEWER1"], nil))
    }

    @Test("a missing configuration file is one problem naming the path")
    func missingFile() throws {
        let error = #expect(throws: ConfigError.self) {
            try ConfigLoader.load(path: "/nonexistent-nexboard/nexboard.yaml", environment: [:])
        }
        #expect(error?.description == "configuration file /nonexistent-nexboard/nexboard.yaml does not exist")
    }
}
