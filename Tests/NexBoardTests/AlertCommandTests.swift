import Alerting
import Foundation
import NexBoard
import NexBoardCore
import NexBoardTesting
import TestScopes
import Testing

@Suite("Alert commands through the dispatcher, with the real poller and delivery", .stopsWhatItStarts)
struct AlertCommandTests {
    /// A channel subscribed through `alert subscribe`, whose notifications land in `channel`.
    func subscribed() async throws -> (TestApplication, RecordingResponder) {
        let test = try await TestApplication.make()
        let channel = RecordingResponder()
        await test.app.notificationSinks.register("console", ChatSink(responder: channel))
        let (outcome, replies) = await test.send("alert subscribe --severity warning")
        #expect(outcome == .ok)
        #expect(await replies.last?.title == "This channel receives alerts")
        return (test, channel)
    }

    @Test("a node offline reaches the subscribed channel with buttons; Acknowledge edits it; it resolves when back")
    func offlineAckResolve() async throws {
        let (test, channel) = try await subscribed()
        await test.app.pollAlertsNow()
        await test.cluster.setNodeOnline("pve3", false)
        await test.app.pollAlertsNow()
        test.date.advance(by: 61)
        await test.app.pollAlertsNow()
        try await test.app.deliverAlertsNow()
        let alert = try #require(await channel.entries.first { $0.message.title?.contains("Node pve3 offline") == true })
        #expect(alert.message.buttons.map(\.label) == ["Acknowledge", "Silence 1h"])

        let active = await test.send("alert active", as: TestApplication.viewer)
        #expect(active.outcome == .ok)
        // The simulated load may fire other alerts too; the node's must be among them.
        #expect(await active.replies.last?.table?.rows.contains { $0.first == "node-offline@homelab:pve3" } == true)

        let ack = await test.send("alert ack node-offline@homelab:pve3", origin: .button)
        #expect(ack.outcome == .ok)
        #expect(await ack.replies.last?.visibility == .requester)
        try await test.app.deliverAlertsNow()
        #expect(await channel.last?.text?.contains("Acknowledged by console:local") == true)

        await test.cluster.setNodeOnline("pve3", true)
        await test.app.pollAlertsNow()
        try await test.app.deliverAlertsNow()
        let edits = await channel.entries.filter { $0.handle == alert.handle }
        #expect(edits.last?.message.title == "✔ Resolved: Node pve3 offline")
        let history = await test.send("alert history")
        #expect(await history.replies.last?.table?.rows.contains { $0[2] == "resolved" } == true)
        await test.shutdown()
    }

    @Test("alert test sends a test notification through the outbox to this channel or a subscribed destination, and refuses others")
    func testNotification() async throws {
        let (test, channel) = try await subscribed()
        let (outcome, replies) = await test.send("alert test")
        #expect(outcome == .ok)
        let title = await replies.last?.title
        #expect(title == "Test notification on its way to console:test")
        try await test.app.deliverAlertsNow()
        let arrived = try #require(await channel.last)
        #expect(arrived.title == "🧪 Test notification from NexBoard, requested by console:local")
        #expect(arrived.buttons.isEmpty)

        let unknown = await test.send("alert test email:opps")
        #expect(unknown.outcome == .invalid)
        #expect(await unknown.replies.last?.text?.contains("`email:opps` is not a subscribed destination") == true)
        let viewer = await test.send("alert test", as: TestApplication.viewer)
        #expect(viewer.outcome == .denied)
        #expect(try await test.app.store.alerts.outboxRows().count == 1, "the refused tests wrote nothing")
        await test.shutdown()
    }

    @Test("silence, silences and unsilence manage a silence; a viewer may list but not silence")
    func silences() async throws {
        let (test, _) = try await subscribed()
        let (outcome, replies) = await test.send("alert silence pve3 2h kernel update")
        #expect(outcome == .ok)
        #expect(await replies.last?.title == "Silenced `pve3` for 2h")
        let list = await test.send("alert silences", as: TestApplication.viewer)
        #expect(await list.replies.last?.table?.rows.first?[1] == "pve3")
        #expect(await list.replies.last?.table?.rows.first?[5] == "kernel update")
        #expect(await test.send("alert silence pve3 1h", as: TestApplication.viewer).outcome == .denied)
        #expect(await test.send("alert unsilence 1").outcome == .ok)
        #expect(await test.send("alert unsilence 1").outcome == .invalid)
        #expect(await test.send("alert silences").replies.last?.footer == "No silence is in force.")
        await test.shutdown()
    }

    @Test("list shows the subscription; unsubscribe removes it; unknown event kinds are refused")
    func subscriptions() async throws {
        let (test, _) = try await subscribed()
        let list = await test.send("alert list")
        #expect(await list.replies.last?.table?.rows.first?[0] == "console:test")
        #expect(await test.send("alert subscribe --events guest-exploded").outcome == .invalid)
        let (badName, refusal) = await test.send("alert subscribe --tags \"lab,[x](https://evil.example)\"")
        #expect(badName == .invalid)
        #expect(await refusal.last?.text?.hasPrefix("`[x](https://evil.example)` is not a tag name") == true)
        #expect(await test.send("alert unsubscribe").outcome == .ok)
        #expect(await test.send("alert list").replies.last?.table?.rows.isEmpty == true)
        #expect(await test.send("alert ack nothing@homelab:x").outcome == .invalid)
        await test.shutdown()
    }
}
