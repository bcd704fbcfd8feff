import ChatKit
import ChatSlack
import Foundation
import NexBoardCore
import NexBoardTesting
import TestScopes
import Testing

/// Through the real Socket Mode and Web API protocols: fake Slack ⇄ SlackPlatform ⇄ the real dispatcher.
@Suite("Slack in Socket Mode, end to end through the fake Slack", .stopsWhatItStarts)
struct SlackSocketModeEndToEndTests {
    typealias H = SlackHarness

    @Test("A fast command is answered in its acknowledgement, in the channel, with Block Kit and a text fallback")
    func fastCommand() async throws {
        try await H.run { harness in
            try await harness.waitUntilUp()
            let sent = try await harness.fake.sendSlashCommand("vm list", user: H.viewer)
            let ack = try await harness.fake.waitForAck(sent.envelopeID)
            #expect(try #require(ack.latency) < .seconds(3))
            guard let reply = ack.asResponse else {
                // A machine too loaded to answer within the first-reply window: acknowledged empty, then posted.
                let posted = try await harness.waitForRequests("the reply") { $0.contains { $0.method == "chat.postMessage" } }
                #expect(posted.first { $0.method == "chat.postMessage" }?.shownText.contains("Guests on homelab") == true)
                return
            }
            #expect(reply.responseType == "in_channel")
            #expect(reply.shownText.contains("Guests on homelab"))
            #expect(!(reply.string("text") ?? "").isEmpty)
            #expect(FakeSlack.blockKitViolations(ack.payload ?? Data()) == [])
        }
    }

    @Test("/nex alone shows the help, privately")
    func helpAlone() async throws {
        try await H.run { harness in
            try await harness.waitUntilUp()
            let sent = try await harness.fake.sendSlashCommand("", user: H.viewer)
            let reply = try #require(try await harness.fake.waitForAck(sent.envelopeID).asResponse)
            #expect(reply.responseType == "ephemeral")
            #expect(reply.shownText.contains("vm list"))
        }
    }

    @Test("An unbound user is refused in the acknowledgement, ephemeral, and nothing is posted")
    func refusal() async throws {
        try await H.run { harness in
            try await harness.waitUntilUp()
            let vmid = try await harness.runningGuest()
            let sent = try await harness.fake.sendSlashCommand("vm stop \(vmid)", user: H.stranger)
            let reply = try #require(try await harness.fake.waitForAck(sent.envelopeID).asResponse)
            #expect(reply.responseType == "ephemeral")
            #expect(reply.shownText.contains("Not allowed"))
            try await Task.sleep(for: .milliseconds(300))
            #expect(await harness.fake.requests().filter { $0.method.hasPrefix("chat.") }.isEmpty)
            #expect(await harness.app.cluster.guestSnapshot(vmid: vmid)?.status == "running")
        }
    }

    @Test("A destructive command asks with buttons; only the requester's press counts, once; progress edits the question")
    func confirmation() async throws {
        try await H.run { harness in
            try await harness.waitUntilUp()
            let vmid = try await harness.runningGuest()
            let sent = try await harness.fake.sendSlashCommand("vm stop \(vmid)", user: H.admin)
            let question = try await harness.waitForRequests("the question") { requests in
                requests.contains { $0.method == "chat.postMessage" && !$0.buttonValues.isEmpty }
            }.first { $0.method == "chat.postMessage" }!
            let confirm = try #require(question.buttonValues.first { $0.hasPrefix("confirm") })
            let confirmButton = question.blocks.last.flatMap { ($0["elements"] as? [[String: Any]])?.first }
            #expect(confirmButton?["confirm"] != nil, "Slack's own dialog on the destructive button")
            _ = sent
            let posted = try #require(await harness.fake.messages(in: "C0GENERAL").first)

            // Someone else's press is refused privately; the guest keeps running.
            let other = try await harness.fake.sendButtonPress(value: confirm, user: H.viewer, messageTS: posted.ts)
            let refused = try await harness.fake.waitForResponses("the refusal", to: other) { !$0.isEmpty }
            #expect(refused.first?.responseType == "ephemeral")
            #expect(await harness.app.cluster.guestSnapshot(vmid: vmid)?.status == "running")

            // The requester's press stops it, and the outcome replaces the question.
            let press = try await harness.fake.sendButtonPress(value: confirm, user: H.admin, messageTS: posted.ts)
            let edits = try await harness.fake.waitForResponses("the result", to: press) { responses in
                responses.contains { $0.replacesOriginal && $0.shownText.contains("stopped") }
            }
            #expect(edits.allSatisfy { $0.error == nil })
            #expect(await harness.app.cluster.guestSnapshot(vmid: vmid)?.status == "stopped")

            // A second press does nothing again.
            let again = try await harness.fake.sendButtonPress(value: confirm, user: H.admin, messageTS: posted.ts)
            let second = try await harness.fake.waitForResponses("the second answer", to: again) { !$0.isEmpty }
            #expect(!second.contains { $0.shownText.contains("Stopping") })
        }
    }

    @Test("A slow command is acknowledged empty at once, then posted and edited until its task ends")
    func taskProgress() async throws {
        try await H.run { harness in
            try await harness.waitUntilUp()
            let vmid = try await harness.runningGuest()
            let sent = try await harness.fake.sendSlashCommand("vm shutdown \(vmid)", user: H.admin)
            let ack = try await harness.fake.waitForAck(sent.envelopeID)
            #expect(ack.payload == nil)
            let requests = try await harness.waitForRequests("the result") { requests in
                requests.contains { $0.method == "chat.update" && $0.shownText.contains("shut down") }
            }
            let post = try #require(requests.first { $0.method == "chat.postMessage" })
            #expect(post.shownText.contains("Shutting down"))
            #expect(requests.filter { $0.method == "chat.update" }.allSatisfy { $0.error == nil && $0.string("ts") != nil })
        }
    }

    @Test("In a channel the bot is not in, the reply goes through the response URL and says how to invite it")
    func notInChannel() async throws {
        try await H.run(before: { await $0.refusePosts(in: "C0ELSEWHERE", with: "not_in_channel") }) { harness in
            try await harness.waitUntilUp()
            let vmid = try await harness.runningGuest()
            let sent = try await harness.fake.sendSlashCommand("vm shutdown \(vmid)", user: H.admin, channel: "C0ELSEWHERE")
            let responses = try await harness.fake.waitForResponses("the reply", to: sent) { $0.contains { $0.method == "response_url" } }
            let reply = try #require(responses.first { $0.method == "response_url" })
            #expect(reply.responseType == "in_channel")
            #expect(reply.shownText.contains("/invite @NexBoard"))
        }
    }

    @Test("Alerts are posted in a channel and edited in place when they resolve")
    func alertPostedThenEdited() async throws {
        try await H.run { harness in
            try await harness.waitUntilUp()
            let handle = try await harness.platform.post(
                Message(title: "pve2 memory 93% for 5m", buttons: [Button("Acknowledge", command: "alert ack 12"),
                                                                   Button("Silence 1h", command: "alert silence pve2 1h")],
                        severity: .warning), to: "C0ALERTS", key: "outbox-1")
            try await harness.platform.edit(handle, Message(title: "Resolved: pve2 memory 71%", severity: .success), in: "C0ALERTS")
            let messages = await harness.fake.messages(in: "C0ALERTS")
            #expect(messages.count == 1)
            #expect(messages.first?.ts == handle.value)
            #expect(messages.first?.latest.shownText.contains("Resolved") == true)
            #expect(await harness.fake.editCount(channel: "C0ALERTS", ts: handle.value) == 1)
        }
    }

    @Test("A channel Slack refuses for good is a permanent failure for the outbox")
    func refusedChannelIsPermanent() async throws {
        try await H.run(before: { await $0.refusePosts(in: "C0GONE", with: "channel_not_found") }) { harness in
            try await harness.waitUntilUp()
            do {
                _ = try await harness.platform.post(Message(title: "x"), to: "C0GONE", key: nil)
                Issue.record("expected a refusal")
            } catch let error as SlackAPIError {
                #expect(error.permanentReason?.contains("channel_not_found") == true)
            }
        }
    }
}
