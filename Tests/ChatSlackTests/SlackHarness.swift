import AsyncHTTPClient
import ChatKit
import ChatSlack
import Foundation
import Logging
import NexBoard
import NexBoardCore
import NexBoardTesting

/// A NexBoard (over the simulator) connected to a fake Slack through the Slack platform running in
/// its ChatKit adapter shell.
struct SlackHarness {
    let fake: FakeSlack
    let app: TestApplication
    let platform: SlackPlatform
    let running: AdapterUnderTest
    var adapter: ChatAdapter { running.adapter }
    var health: AdapterUnderTest.HealthLog { running.health }

    static let admin = "U0ADMIN01"
    static let viewer = TestApplication.viewer.identifier
    static let stranger = "U0STRANGER"

    static var quiet: Logger {
        var logger = Logger(label: "slack-test")
        logger.logLevel = ProcessInfo.processInfo.environment["NEXBOARD_TEST_LOG"] == "1" ? .debug : .critical
        return logger
    }

    /// Runs `body` with the adapter serving, then stops everything.
    /// - Parameters:
    ///   - handler: replaces NexBoard's dispatcher (nil: the real one).
    ///   - guests: how many guests the simulated cluster has.
    ///   - renderer: the platform's renderer (a small file size to see output split).
    static func run(redeliveryDelay: Duration = .seconds(3), configure: (inout SlackAdapterConfiguration) -> Void = { _ in },
                    handler: (any ChatRequestHandling)? = nil, guests: Int = 25, renderer: SlackRenderer = SlackRenderer(),
                    before: @Sendable (FakeSlack) async -> Void = { _ in },
                    _ body: @Sendable (SlackHarness) async throws -> Void) async throws {
        let fake = try await FakeSlack.start(redeliveryDelay: redeliveryDelay, logger: quiet)
        let app = try await TestApplication.make(
            guests: guests,
            bindings: TestApplication.defaultBindings() + [BindingConfig(role: "admin", subjects: [Subject(kind: "slack", identifier: admin)])])
        var configuration = SlackAdapterConfiguration(botToken: Secret(fake.botToken), appToken: Secret(fake.appToken), apiURL: fake.apiURL)
        configure(&configuration)
        await before(fake)
        let platform = SlackPlatform(configuration: configuration, renderer: renderer, logger: quiet, handler: handler ?? app.app.dispatcher)
        let harness = SlackHarness(fake: fake, app: app, platform: platform, running: AdapterUnderTest(platform: platform, logger: quiet))
        let result = await harness.running.serving { try await body(harness) }
        await platform.shutdown()
        await app.shutdown()
        await fake.stop()
        try result.get()
    }

    /// Waits until the adapter reported the platform up (hello read by the bot).
    func waitUntilUp(timeout: Duration = .seconds(10)) async throws {
        try await running.waitUntilUp(timeout: timeout)
    }

    func waitForHealth(_ what: String, timeout: Duration = .seconds(10), _ predicate: @Sendable ([SessionHealth]) -> Bool) async throws {
        try await running.waitForHealth(what, timeout: timeout, predicate)
    }

    /// A running guest.
    func runningGuest() async throws -> Int {
        for vmid in 100..<500 {
            if let guest = await app.cluster.guestSnapshot(vmid: vmid), guest.status == "running" { return vmid }
        }
        throw FakeSlack.Timeout(what: "a running guest")
    }

    /// Waits until the files shared in `channel` satisfy `predicate`.
    func waitForFiles(_ what: String, in channel: String, timeout: Duration = .seconds(15),
                      _ predicate: @escaping @Sendable ([FakeSlack.File]) -> Bool) async throws -> [FakeSlack.File] {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            let files = await fake.files(in: channel)
            if predicate(files) { return files }
            try await Task.sleep(for: .milliseconds(10))
        }
        throw FakeSlack.Timeout(what: what)
    }

    /// Waits until the Web API requests satisfy `predicate`.
    func waitForRequests(_ what: String, timeout: Duration = .seconds(15),
                         _ predicate: @escaping @Sendable ([FakeSlackRequest]) -> Bool) async throws -> [FakeSlackRequest] {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            let requests = await fake.requests()
            if predicate(requests) { return requests }
            try await Task.sleep(for: .milliseconds(10))
        }
        throw FakeSlack.Timeout(what: what)
    }
}

// MARK: - HTTP mode

extension SlackHarness {
    /// The signing secret of Slack's documented example.
    static let signingSecret = "8f742231b10e8888abcd99yyyzzz85a5"

    /// HTTP mode with the signing secret, no app-level token.
    static func httpMode(_ configuration: inout SlackAdapterConfiguration) {
        configuration.mode = .http
        configuration.appToken = nil
        configuration.signingSecret = Secret(signingSecret)
    }

    /// Form fields as Slack posts them (`application/x-www-form-urlencoded`).
    static func form(_ fields: [(String, String)]) -> Data {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return Data(fields.map { "\($0.0)=\($0.1.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")" }.joined(separator: "&").utf8)
    }

    /// A slash command's form body, as Slack posts it in HTTP mode.
    static func command(_ text: String, user: String, channel: String = "C0GENERAL", trigger: String, responseURL: String) -> Data {
        form([("team_id", "T0FAKETEAM"), ("channel_id", channel), ("user_id", user), ("command", "/nex"), ("text", text),
              ("response_url", responseURL), ("trigger_id", trigger)])
    }

    /// `body` as Slack would deliver it: timestamped and signed with `secret`.
    static func signed(_ body: Data, timestamp: Date = Date(), secret: String = signingSecret, retry: Int? = nil) -> ChatHTTPRequest {
        let stamp = String(Int(timestamp.timeIntervalSince1970))
        var headers = ["X-Slack-Request-Timestamp": stamp,
                       "X-Slack-Signature": SlackSignatureVerifier.signature(secret: secret, timestamp: stamp, body: body)]
        if let retry { headers["X-Slack-Retry-Num"] = "\(retry)" }
        return ChatHTTPRequest(headers: headers, body: body)
    }

    /// The platform's HTTP route at `path` (`/slack/commands`, `/slack/interactivity`, `/slack/events`).
    func route(_ path: String) throws -> ChatHTTPRoute {
        guard let route = adapter.httpRoutes.first(where: { $0.path == path }) else { throw FakeSlack.Timeout(what: "the route \(path)") }
        return route
    }
}

extension FakeSlackRequest {
    /// A response URL post or an ack payload's `response_type`.
    var responseType: String? { string("response_type") }
    var replacesOriginal: Bool { arguments["replace_original"] as? Bool == true }
}
