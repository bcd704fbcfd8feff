import ChatKit
import ChatSlack
import Foundation
import NexBoardCore
import NexBoardTesting
import TestScopes
import Testing

/// An alert's whole life in a Slack channel: subscribed with `/nex alert subscribe`, posted through
/// the outbox, acknowledged and silenced with its buttons, edited to resolved once the silence ended,
/// in both modes.
@Suite("Slack alerts end to end, through the outbox", .stopsWhatItStarts)
struct SlackAlertEndToEndTests {
    typealias H = SlackHarness
    static let channel = "C0ALERTS"

    /// Runs `/nex <line>` in the alerts channel as the admin; returns what was answered.
    func command(_ line: String, _ mode: SlackAdapterConfiguration.Mode, _ harness: SlackHarness) async throws -> String {
        switch mode {
        case .socket:
            let sent = try await harness.fake.sendSlashCommand(line, user: H.admin, channel: Self.channel)
            return try await harness.fake.waitForResponses("the answer to \(line)", to: sent) { !$0.isEmpty }.map(\.shownText).joined()
        case .http:
            let body = H.command(line, user: H.admin, channel: Self.channel, trigger: UUID().uuidString, responseURL: "http://127.0.0.1:1/none")
            let answer = try await harness.route("/slack/commands").handle(H.signed(body))
            return String(decoding: answer.body, as: UTF8.self)
        }
    }

    /// Presses the button with `value` on the message `ts` as the admin; returns the answers.
    func press(_ value: String, on ts: String, _ mode: SlackAdapterConfiguration.Mode, _ harness: SlackHarness) async throws -> [FakeSlackRequest] {
        let sent: FakeSlack.Sent
        switch mode {
        case .socket:
            sent = try await harness.fake.sendButtonPress(value: value, user: H.admin, channel: Self.channel, messageTS: ts)
        case .http:
            let prepared = try await harness.fake.prepareButtonPress(value: value, user: H.admin, channel: Self.channel, messageTS: ts)
            let answer = try await harness.route("/slack/interactivity").handle(H.signed(H.form([("payload", prepared.payload)])))
            #expect(answer.status == 200)
            sent = prepared.sent
        }
        return try await harness.fake.waitForResponses("the answer to \(value)", to: sent) { !$0.isEmpty }
    }

    @Test("A node offline reaches the subscribed channel once; Acknowledge and Silence work from its buttons; it is edited to resolved",
          arguments: [SlackAdapterConfiguration.Mode.socket, .http])
    func alertLifecycle(_ mode: SlackAdapterConfiguration.Mode) async throws {
        try await H.run(configure: { if mode == .http { H.httpMode(&$0) } }) { harness in
            try await harness.waitUntilUp()
            let app = harness.app.app
            await app.deliverNotifications(to: harness.platform)
            #expect(try await command("alert subscribe --severity warning", mode, harness).contains("This channel receives alerts"))

            await app.pollAlertsNow()
            await harness.app.cluster.setNodeOnline("pve3", false)
            await app.pollAlertsNow()
            harness.app.date.advance(by: 61)
            await app.pollAlertsNow()
            try await app.deliverAlertsNow()
            // The simulated load may fire other alerts too; the node's must be among them, once.
            let posts = await harness.fake.requests().filter { $0.method == "chat.postMessage" && $0.shownText.contains("Node pve3 offline") }
            #expect(posts.count == 1)
            let alert = try #require(await harness.fake.messages(in: Self.channel).first { $0.latest.shownText.contains("Node pve3 offline") })
            let metadata = alert.latest.arguments["metadata"] as? [String: Any]
            #expect((metadata?["event_payload"] as? [String: Any])?["post"] != nil, "the outbox key marks the post")
            let acknowledge = try #require(alert.latest.buttonValues.first { $0.hasPrefix("alert ack") })

            let acknowledged = try await press(acknowledge, on: alert.ts, mode, harness)
            #expect(acknowledged.allSatisfy { $0.error == nil })
            try await app.deliverAlertsNow()
            let edited = try #require(await harness.fake.messages(in: Self.channel).first { $0.ts == alert.ts })
            #expect(edited.latest.method == "chat.update")
            #expect(edited.latest.shownText.contains("Acknowledged by slack:\(H.admin)"))
            let silence = try #require(edited.latest.buttonValues.first { $0.hasPrefix("alert silence") })
            #expect(!edited.latest.buttonValues.contains(acknowledge), "acknowledged once, the button is gone")

            let silenced = try await press(silence, on: alert.ts, mode, harness)
            #expect(silenced.contains { $0.shownText.contains("Silenced") && $0.responseType == "ephemeral" })

            // What clears during the silence is not announced; once it has ended, the resolution edits the alert.
            harness.app.date.advance(by: 3_601)
            await harness.app.cluster.setNodeOnline("pve3", true)
            await app.pollAlertsNow()
            try await app.deliverAlertsNow()
            let resolved = try #require(await harness.fake.messages(in: Self.channel).first { $0.ts == alert.ts })
            #expect(resolved.latest.shownText.contains("Resolved: Node pve3 offline"))
            #expect(await harness.fake.editCount(channel: Self.channel, ts: alert.ts) >= 2)
            #expect(await harness.fake.requests().allSatisfy { $0.violations.isEmpty })
        }
    }
}
