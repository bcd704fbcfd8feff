import ChatKit
import ChatSlack
import Foundation
import NexBoardCore
import NexBoardTesting
import TestScopes
import Testing

/// Connections that end, envelopes Slack sends again, a Web API that fails or limits, a token that is revoked.
@Suite("Slack faults", .stopsWhatItStarts)
struct SlackFaultTests {
    typealias H = SlackHarness

    /// Counts the requests it handles and answers each after `delay`.
    actor Counter {
        private(set) var handled: [String] = []
        func add(_ line: String) { handled.append(line) }
    }

    @Test("An envelope Slack sends again because its ack came late runs once, and the repeat is acknowledged")
    func redeliveredEnvelopeRunsOnce() async throws {
        let counter = Counter()
        let handler = StubRequestHandler(handle: { request, responder, _ in
            await counter.add(request.line)
            try? await Task.sleep(for: .milliseconds(900))
            _ = try? await responder.send(Message(title: "done"))
            return .ok
        }, admit: { _ in .accepted(visibility: .channel, slow: false) })
        try await H.run(redeliveryDelay: .milliseconds(300), configure: { $0.firstReplyWindow = .seconds(1) }, handler: handler) { harness in
            try await harness.waitUntilUp()
            let sent = try await harness.fake.sendSlashCommand("vm list", user: H.viewer)
            _ = try await harness.fake.waitForAck(sent.envelopeID)
            try await Task.sleep(for: .milliseconds(1_200))
            #expect(await counter.handled == ["vm list"])
            #expect(await harness.fake.redeliveryCounts().redeliveries >= 1)
        }
    }

    @Test("On a disconnect warning the next connection opens before the old one closes, and commands go on")
    func disconnectWarning() async throws {
        try await H.run { harness in
            try await harness.waitUntilUp()
            await harness.fake.disconnect(reason: "warning", closeAfter: .seconds(10))
            try await harness.fake.waitForConnection(2)
            let counts = await harness.fake.connectionCounts()
            #expect(counts.opened == 2)
            // The old connection was closed by the bot soon after the new one said hello, well before Slack would have.
            let deadline = ContinuousClock.now + .seconds(8)
            while await harness.fake.connectionCounts().open.count > 1, ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(20))
            }
            #expect(await harness.fake.connectionCounts().open == [2])
            let sent = try await harness.fake.sendSlashCommand("vm list", user: H.viewer)
            let ack = try await harness.fake.waitForAck(sent.envelopeID)
            #expect(ack.connection == 2)
            #expect(await harness.health.entries.filter { if case .reconnecting = $0 { true } else { false } }.isEmpty,
                    "a handover is not a reconnect")
        }
    }

    @Test("A dropped socket is reconnected, and an envelope sent meanwhile is delivered on the new connection")
    func droppedSocket() async throws {
        try await H.run(redeliveryDelay: .milliseconds(500)) { harness in
            try await harness.waitUntilUp()
            await harness.fake.dropConnection()
            try await harness.fake.waitForConnection(2)
            let sent = try await harness.fake.sendSlashCommand("vm list", user: H.viewer)
            let ack = try await harness.fake.waitForAck(sent.envelopeID)
            #expect(ack.asResponse?.shownText.contains("Guests on homelab") == true)
        }
    }

    @Test("link_disabled stops the platform: chat:slack is down")
    func linkDisabled() async throws {
        try await H.run { harness in
            try await harness.waitUntilUp()
            await harness.fake.disconnect(reason: "link_disabled", closeAfter: nil)
            try await harness.waitForHealth("down") { $0.contains { if case .down = $0 { true } else { false } } }
        }
    }

    @Test("A revoked bot token stops the platform at its next call: down, with Slack's reason, and no reconnecting")
    func revokedToken() async throws {
        try await H.run { harness in
            try await harness.waitUntilUp()
            await harness.fake.revokeBotToken()
            let sent = try await harness.fake.sendSlashCommand("vm shutdown \(try await harness.runningGuest())", user: H.admin)
            _ = try await harness.fake.waitForAck(sent.envelopeID)
            try await harness.waitForHealth("down") { $0.contains { if case .down = $0 { true } else { false } } }
            let down = await harness.health.entries.compactMap { if case .down(let reason) = $0 { reason } else { nil } }
            #expect(down.first?.contains("invalid_auth") == true)
            let opened = await harness.fake.connectionCounts().opened
            try await Task.sleep(for: .milliseconds(300))
            #expect(await harness.fake.connectionCounts().opened == opened)
        }
    }

    @Test("A token refused at start stops the platform without reconnecting")
    func badTokenAtStart() async throws {
        try await H.run(configure: { $0.botToken = Secret("xoxb-wrong") }) { harness in
            try await harness.waitForHealth("down") { $0.contains { if case .down = $0 { true } else { false } } }
            #expect(await harness.fake.connectionCounts().opened == 0)
        }
    }

    @Test("A 429 on chat.postMessage waits Retry-After and sends the same message again: nothing is dropped")
    func rateLimited() async throws {
        try await H.run(before: { await $0.rateLimit(method: "chat.postMessage", times: 1, retryAfter: 1) }) { harness in
            try await harness.waitUntilUp()
            let started = ContinuousClock.now
            let handle = try await harness.platform.post(Message(title: "alert"), to: "C0ALERTS", key: nil)
            #expect(ContinuousClock.now - started >= .milliseconds(900))
            let posts = await harness.fake.requests().filter { $0.method == "chat.postMessage" }
            #expect(posts.map(\.error) == ["ratelimited", nil])
            #expect(await harness.fake.messages(in: "C0ALERTS").map(\.ts) == [handle.value])
        }
    }

    @Test("Web API 5xx answers are retried until they succeed")
    func serverErrors() async throws {
        try await H.run(before: { await $0.failWithServerError(method: "chat.update", times: 2) }) { harness in
            try await harness.waitUntilUp()
            let handle = try await harness.platform.post(Message(title: "alert"), to: "C0ALERTS", key: nil)
            try await harness.platform.edit(handle, Message(title: "resolved"), in: "C0ALERTS")
            let updates = await harness.fake.requests().filter { $0.method == "chat.update" }
            #expect(updates.count == 3)
            #expect(await harness.fake.messages(in: "C0ALERTS").first?.latest.shownText.contains("resolved") == true)
        }
    }

    @Test("An ok:false refusal is a typed error with a clear message for the user")
    func okFalse() async throws {
        try await H.run(before: { await $0.fail(method: "chat.postMessage", with: "not_in_channel") }) { harness in
            try await harness.waitUntilUp()
            do {
                _ = try await harness.platform.post(Message(title: "x"), to: "C0ALERTS", key: nil)
                Issue.record("expected a refusal")
            } catch let error as SlackAPIError {
                #expect(error.code == "not_in_channel")
                #expect(error.userMessage.contains("/invite"))
            }
        }
    }

    @Test("A post Slack made but whose answer was lost is not posted again: the retry adopts the real ts, and edits reach it",
          arguments: [FakeSlack.LostAnswer.serverError, .dropped])
    func lostAnswerPostsOnce(_ how: FakeSlack.LostAnswer) async throws {
        try await H.run(before: { await $0.loseAnswers(of: "chat.postMessage", how) }) { harness in
            try await harness.waitUntilUp()
            let handle = try await harness.platform.post(Message(title: "pve2 memory 93%", severity: .warning), to: "C0ALERTS", key: "outbox-7")
            let messages = await harness.fake.messages(in: "C0ALERTS")
            #expect(messages.map(\.ts) == [handle.value], "posted once, and the handle is the message's own ts")
            let requests = await harness.fake.requests()
            #expect(requests.filter { $0.method == "chat.postMessage" }.count == 1)
            let history = try #require(requests.first { $0.method == "conversations.history" })
            #expect(history.isForm)
            #expect(history.string("channel") == "C0ALERTS")
            #expect(history.string("include_all_metadata") == "true")
            let posted = try #require(messages.first?.latest)
            let metadata = posted.arguments["metadata"] as? [String: Any]
            #expect(metadata?["event_type"] as? String == "nexboard_post")
            #expect((metadata?["event_payload"] as? [String: Any])?["post"] as? String == "outbox-7")

            try await harness.platform.edit(handle, Message(title: "Resolved: pve2 memory 71%", severity: .success), in: "C0ALERTS")
            #expect(await harness.fake.editCount(channel: "C0ALERTS", ts: handle.value) == 1)
            #expect(await harness.fake.messages(in: "C0ALERTS").first?.latest.shownText.contains("Resolved") == true)
        }
    }

    @Test("A post that never reached Slack is found nowhere in the history and is sent again, once")
    func failedPostIsSentAgain() async throws {
        try await H.run(before: { await $0.failWithServerError(method: "chat.postMessage") }) { harness in
            try await harness.waitUntilUp()
            let handle = try await harness.platform.post(Message(title: "backup of 104 failed", severity: .error), to: "C0ALERTS", key: "outbox-8")
            #expect(await harness.fake.messages(in: "C0ALERTS").map(\.ts) == [handle.value])
            let methods = await harness.fake.requests().map(\.method)
            #expect(methods.filter { $0 == "chat.postMessage" }.count == 2)
            #expect(methods.contains("conversations.history"))
        }
    }

    @Test("When the history cannot be read (no history scope), a failed post is sent again: at least once, never lost")
    func unreadableHistoryPostsAgain() async throws {
        try await H.run(before: { fake in
            await fake.failWithServerError(method: "chat.postMessage")
            await fake.fail(method: "conversations.history", with: "missing_scope")
        }) { harness in
            try await harness.waitUntilUp()
            let handle = try await harness.platform.post(Message(title: "node pve3 offline"), to: "C0ALERTS", key: nil)
            #expect(await harness.fake.messages(in: "C0ALERTS").map(\.ts) == [handle.value])
        }
    }

    @Test("A command reply whose answer was lost is posted once too (a fresh marker per reply)")
    func lostReplyPostsOnce() async throws {
        try await H.run(before: { await $0.loseAnswers(of: "chat.postMessage", .serverError) }) { harness in
            try await harness.waitUntilUp()
            let vmid = try await harness.runningGuest()
            _ = try await harness.fake.sendSlashCommand("vm shutdown \(vmid)", user: H.admin)
            _ = try await harness.waitForRequests("the result") { requests in
                requests.contains { $0.method == "chat.update" && $0.shownText.contains("shut down") }
            }
            let messages = await harness.fake.messages(in: "C0GENERAL")
            #expect(messages.count == 1)
            #expect(messages.first?.latest.shownText.contains("shut down") == true, "the progress edits reached the one message")
        }
    }
}
