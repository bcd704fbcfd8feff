import AsyncHTTPClient
import ChatDiscord
import Foundation
import Logging
import ChatKit
import NexBoard
import NexBoardCore
import NexBoardTesting
import ProxmoxSimulator

/// A NexBoard (over the simulator) connected to a fake Discord through the Discord platform running
/// in its ChatKit adapter shell.
struct DiscordHarness {
    let fake: FakeDiscord
    let app: TestApplication
    let platform: DiscordPlatform
    let running: AdapterUnderTest
    var adapter: ChatAdapter { running.adapter }
    var health: AdapterUnderTest.HealthLog { running.health }

    static var quiet: Logger {
        var logger = Logger(label: "discord-test")
        logger.logLevel = ProcessInfo.processInfo.environment["NEXBOARD_TEST_LOG"] == "1" ? .debug : .critical
        return logger
    }

    /// Runs `body` with the adapter serving, then stops everything.
    /// - Parameter handler: replaces NexBoard's dispatcher (nil: the real one).
    static func run(heartbeat: Duration = .seconds(30), token: String? = nil, configure: (inout DiscordAdapterConfiguration) -> Void = { _ in },
                    handler: (any ChatRequestHandling)? = nil, registerAtStart: CommandCatalog? = nil,
                    before: @Sendable (FakeDiscord) async -> Void = { _ in }, monitor: MonitorConfig = MonitorConfig(),
                    _ body: @Sendable (DiscordHarness) async throws -> Void) async throws {
        let fake = try await FakeDiscord.start(heartbeatInterval: heartbeat, logger: quiet)
        let app = try await TestApplication.make { $0.monitor = monitor }
        var configuration = DiscordAdapterConfiguration(token: Secret(token ?? fake.token), applicationID: fake.applicationID,
                                                        gatewayURL: fake.gatewayURL, apiURL: fake.apiURL,
                                                        identifyInterval: .zero)
        // The fake does not expire interaction tokens: a wide first-reply window keeps tests that
        // expect a direct answer true on a loaded machine. Tests of the deferred path set a short one.
        configuration.firstReplyWindow = .seconds(20)
        configure(&configuration)
        await before(fake)
        let platform = DiscordPlatform(configuration: configuration, registerAtStart: registerAtStart, logger: quiet,
                                       handler: handler ?? app.app.dispatcher)
        let harness = DiscordHarness(fake: fake, app: app, platform: platform, running: AdapterUnderTest(platform: platform, logger: quiet))
        let result = await harness.running.serving { try await body(harness) }
        await platform.shutdown()
        await app.shutdown()
        await fake.stop()
        try result.get()
    }

    /// Waits until the adapter reported a session up: READY read by the bot, not only sent by the fake.
    func waitUntilUp(timeout: Duration = .seconds(10)) async throws {
        try await running.waitUntilUp(timeout: timeout)
    }

    /// A running guest, tagged `lab` so that the lab operator may act on it.
    func labGuest() async throws -> Int {
        for vmid in 100..<500 {
            if let guest = await app.cluster.guestSnapshot(vmid: vmid), guest.status == "running" {
                await app.cluster.setGuestTags(vmid: vmid, tags: ["lab"])
                return vmid
            }
        }
        throw FakeDiscord.Timeout(what: "a running guest")
    }

    /// The REST requests made with an interaction's token, in order.
    func requests(token: String) async -> [FakeDiscordRequest] {
        await fake.requests().filter { $0.path.contains("/\(token)") }
    }

    /// Waits until the requests made with `token` satisfy `predicate`.
    func waitFor(_ what: String, token: String, timeout: Duration = .seconds(15),
                 _ predicate: @escaping @Sendable ([FakeDiscordRequest]) -> Bool) async throws -> [FakeDiscordRequest] {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            let requests = await requests(token: token)
            if predicate(requests) { return requests }
            try await Task.sleep(for: .milliseconds(10))
        }
        throw FakeDiscord.Timeout(what: what)
    }
}

extension FakeDiscordRequest {
    var callbackType: Int? { path.hasSuffix("/callback") ? json?["type"] as? Int : nil }
    var isOriginalEdit: Bool { method == "PATCH" && path.hasSuffix("/messages/@original") }
    var isFollowup: Bool { method == "POST" && path.hasPrefix("/webhooks/") }
    var flags: Int? { json?["flags"] as? Int }
    /// An interaction callback's message (its `data`): the embeds' text and the flags.
    var callbackEmbedText: String {
        let embeds = (json?["data"] as? [String: Any])?["embeds"] as? [[String: Any]] ?? []
        return embeds.map { "\($0["title"] as? String ?? "") \($0["description"] as? String ?? "")" }.joined(separator: "\n")
    }
    var callbackFlags: Int? { (json?["data"] as? [String: Any])?["flags"] as? Int }
    var embedText: String {
        let embeds = json?["embeds"] as? [[String: Any]] ?? []
        return embeds.map { "\($0["title"] as? String ?? "") \($0["description"] as? String ?? "")" }.joined(separator: "\n")
    }
    var customIDs: [String] {
        let rows = json?["components"] as? [[String: Any]] ?? []
        return rows.flatMap { ($0["components"] as? [[String: Any]] ?? []).compactMap { $0["custom_id"] as? String } }
    }
}
