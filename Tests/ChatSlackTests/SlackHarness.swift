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
    /// - Parameter handler: replaces NexBoard's dispatcher (nil: the real one).
    static func run(redeliveryDelay: Duration = .seconds(3), configure: (inout SlackAdapterConfiguration) -> Void = { _ in },
                    handler: (any ChatRequestHandling)? = nil, before: @Sendable (FakeSlack) async -> Void = { _ in },
                    _ body: @Sendable (SlackHarness) async throws -> Void) async throws {
        let fake = try await FakeSlack.start(redeliveryDelay: redeliveryDelay, logger: quiet)
        let app = try await TestApplication.make(
            bindings: TestApplication.defaultBindings() + [BindingConfig(role: "admin", subjects: [Subject(kind: "slack", identifier: admin)])])
        var configuration = SlackAdapterConfiguration(botToken: Secret(fake.botToken), appToken: Secret(fake.appToken), apiURL: fake.apiURL)
        configure(&configuration)
        await before(fake)
        let platform = SlackPlatform(configuration: configuration, logger: quiet, handler: handler ?? app.app.dispatcher)
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

extension FakeSlackRequest {
    /// A response URL post or an ack payload's `response_type`.
    var responseType: String? { string("response_type") }
    var replacesOriginal: Bool { arguments["replace_original"] as? Bool == true }
}
