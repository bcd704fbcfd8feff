import Alerting
import ChatDiscord
import Foundation
import Mail
import NexBoardCore
import NexBoardTesting
import Store
import TestScopes
import Testing

@testable import NexBoard

@Suite("Destinations removed from the configuration", .stopsWhatItStarts)
struct ConfiguredDestinationsTests {
    func config(webhooks: [String] = [], discord: Bool = false) -> NexBoardConfig {
        var config = NexBoardConfig(dataDirectory: "unused", clusters: [ClusterConfig(name: "homelab", source: .simulator(nodes: 1, guests: 1, seed: 1))],
                                    discord: discord ? DiscordConfig(token: Secret("t"), applicationID: "1") : nil)
        config.alerts.webhooks = webhooks.map { WebhookConfig(name: $0, url: Secret("https://hooks.example/\($0)")) }
        return config
    }

    @Test("configured webhooks and email lists, and channels of running chat platforms, are kept; the rest is not")
    func contains() {
        let destinations = ConfiguredDestinations(config: config(webhooks: ["ops"]), chatPlatforms: ["discord"])
        #expect(destinations.contains("webhook:ops"))
        #expect(!destinations.contains("webhook:old"))
        #expect(!destinations.contains("email:ops"))
        #expect(destinations.contains("discord:123"))
        #expect(!destinations.contains("console:console"))
        #expect(!destinations.contains("slack:C1"))
        #expect(ConfiguredDestinations(config: config(), chatPlatforms: ["console"]).contains("console:console"))
        #expect(!ConfiguredDestinations(config: config(), chatPlatforms: ["console"]).contains("discord:123"))
    }

    @Test("at start the rows of removed destinations are dropped, and logged with their counts")
    func droppedAndLogged() async throws {
        let store = try NexBoardStore.inMemory()
        let now = Date()
        for destination in ["webhook:ops", "webhook:old", "webhook:old", "discord:123", "console:console"] {
            try await store.alerts.commit(AlertCycleWrite(now: now, outbox: [
                OutboxEntry(dedupeKey: UUID().uuidString, destinations: .these([destination]), threadKey: nil, kind: "event", payload: "{}"),
            ]))
        }
        try await store.alerts.subscribe(AlertSubscriptionRecord(destination: "discord:123", filter: "{}", createdBy: "x", createdAt: now))
        let capture = LogCapture()
        try await ConfiguredDestinations(config: config(webhooks: ["ops"]), chatPlatforms: []).dropOthers(from: store, logger: capture.logger())

        #expect(try await store.alerts.outboxRows().map(\.destination) == ["webhook:ops"])
        #expect(try await store.alerts.subscriptions().isEmpty)
        let lines = capture.all.filter { $0.contains("no longer configured") }
        #expect(lines.count == 3)
        let old = try #require(lines.first { $0.contains("webhook:old") })
        #expect(old.contains("alerting.outbox.dropped_pending") && old.contains("2"))
        #expect(capture.all.contains { $0.contains("not configured") && $0.contains("discord:123") })
    }

    @Test("a start without the discord section drops the rows a Discord channel had waiting")
    func atStart() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("nexboard-destinations-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        do {
            let store = try NexBoardStore.open(directory: directory, logger: StoreHealthTests.quiet)
            try await store.alerts.commit(AlertCycleWrite(now: Date(), outbox: [
                OutboxEntry(dedupeKey: "e1", destinations: .these(["discord:123", "slack:C1"]), threadKey: nil, kind: "event", payload: "{}"),
            ]))
        }
        let test = try await TestApplication.make(dataDirectory: directory)
        #expect(try await test.app.store.alerts.outboxRows().isEmpty)
        await test.shutdown()
    }

    @Test("Discord refusing for good (401, 403, 404, 410) is a permanent failure; anything else is retried")
    func discordRefusals() {
        for status in [401, 403, 404, 410] {
            let error = DiscordRESTError.rejected(endpoint: "POST /channels/1/messages", status: status, body: "{}")
            #expect(error.permanentReason == "Discord refused it (HTTP \(status))")
        }
        #expect(DiscordRESTError.rejected(endpoint: "POST /channels/1/messages", status: 400, body: "{}").permanentReason == nil)
        #expect(DiscordRESTError.gaveUp(endpoint: "POST /channels/1/messages", attempts: 5, lastProblem: "503").permanentReason == nil)
    }
}
