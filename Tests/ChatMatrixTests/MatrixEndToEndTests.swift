import AsyncHTTPClient
@testable import ChatMatrix
import ChatKit
import Foundation
import NexBoard
import NexBoardCore
import NexBoardTesting
import TestScopes
import Testing

/// People talk to the bot through a real Synapse; the bot answers through NexBoard's dispatcher
/// over the simulated cluster. One homeserver per test, one test at a time (each Synapse takes a
/// core for a few seconds to start).
@Suite("Matrix end to end against a real Synapse", .serialized, .enabled(if: try SynapseServer.required()), .stopsWhatItStarts)
struct MatrixEndToEndTests {
    @Test("An allowed user's `!nex vm list` is answered with the guest table, as an HTML notice replying to the command")
    func listGuests() async throws {
        try await MatrixHarness.run { harness in
            let (command, reply) = try await harness.ask("!nex vm list", as: harness.alice)
            #expect(reply.type == "m.room.message")
            #expect(reply.content["msgtype"]?.string == "m.notice")
            #expect(reply.content["format"]?.string == "org.matrix.custom.html")
            #expect(reply.content["formatted_body"]?.string?.contains("<pre><code>") == true)
            let body = try #require(reply.content["body"]?.string)
            #expect(body.contains("vmid"))
            #expect(reply.content["m.relates_to"]?["m.in_reply_to"]?["event_id"]?.string == command)
            #expect(reply.content["m.mentions"]?["user_ids"] == .array([.string(harness.alice.id)]), "it pings only the person who asked")
        }
    }

    @Test("With monitor.images on, a graph's text reply is followed by an m.image in reply to the command, whose mxc:// download is that PNG")
    func graphPicture() async throws {
        try await MatrixHarness.run(application: { $0.monitor = MonitorConfig(images: true) }) { harness in
            let (command, reply) = try await harness.ask("!nex monitor node pve1 cpu", as: harness.alice)
            #expect(reply.content["body"]?.string?.contains("min ") == true, "the text graph comes first, as ever")
            let image = try await harness.alice.waitFor("the picture", from: harness.botUser.userID, in: harness.room) {
                $0.content["msgtype"]?.string == "m.image"
            }
            #expect(image.content["m.relates_to"]?["m.in_reply_to"]?["event_id"]?.string == command)
            #expect(image.content["filename"]?.string == "node-pve1-1h.png")
            #expect(image.content["body"]?.string?.hasPrefix("Graph: Node pve1: cpu") == true, "the alt text")
            let info = try #require(image.content["info"])
            #expect(info["mimetype"]?.string == "image/png")
            #expect(info["w"]?.number == 800 && info["h"]?.number == 300)
            let url = try #require(image.content["url"]?.string)
            #expect(url.hasPrefix("mxc://\(SynapseServer.serverName)/"))
            var download = HTTPClientRequest(url: harness.synapse.baseURL + "/_matrix/client/v1/media/download/" + url.dropFirst("mxc://".count))
            download.headers.add(name: "Authorization", value: "Bearer \(harness.alice.user.accessToken)")
            let response = try await HTTPClient.shared.execute(download, timeout: .seconds(10))
            #expect(response.status.code == 200)
            #expect(response.headers.first(name: "Content-Type") == "image/png")
            let bytes = Array(try await response.body.collect(upTo: 1 << 22).readableBytesView)
            #expect(bytes.count == Int(info["size"]?.number ?? -1), "as many bytes as the event says")
            #expect(PNGEncoder.size(of: bytes).map { [$0.width, $0.height] } == [800, 300])
            let events = await harness.alice.events(from: harness.botUser.userID, in: harness.room)
            let order = events.compactMap(\.eventID)
            #expect((order.firstIndex(of: reply.eventID ?? "") ?? .max) < (order.firstIndex(of: image.eventID ?? "") ?? -1), "after the text")
        }
        try await MatrixHarness.run { harness in
            let (command, _) = try await harness.ask("!nex monitor node pve1 cpu", as: harness.alice)
            _ = try await harness.ask("!nex whoami", as: harness.alice)
            let images = await harness.alice.events(from: harness.botUser.userID, in: harness.room)
                .filter { $0.content["msgtype"]?.string == "m.image" }
            #expect(images.isEmpty, "off (the default): no picture after \(command)")
        }
    }

    @Test("A console link goes to the asker alone, in a direct room the bot opens and uses again while they stay; the room hears only that it was sent")
    func consoleLinkInDirectRoom() async throws {
        let publicURL = "https://nexboard.test"
        try await MatrixHarness.run(application: { $0.http.publicURL = publicURL; $0.console.proxy = true }) { harness in
            let bot = harness.botUser.userID
            let (_, notice) = try await harness.ask("!nex vm console web01", as: harness.alice)
            let said = try #require(notice.content["body"]?.string)
            #expect(said.contains("Sent to you in a direct message"), "\(said)")
            let (direct, invite) = try await harness.alice.waitForInvite(from: bot)
            #expect(direct != harness.room)
            #expect(invite.content["is_direct"] == .bool(true), "clients list the room as a direct conversation")
            try await harness.alice.client.join(direct, logger: MatrixHarness.quiet)
            let link = try await harness.alice.waitFor("the link", from: bot, in: direct) {
                $0.content["body"]?.string?.contains(publicURL + "/console/") == true
            }
            #expect(link.content["m.relates_to"] == nil)
            // A second link goes to the same room, which alice has joined.
            _ = try await harness.ask("!nex vm console web01", as: harness.alice)
            try await harness.alice.catchUp()
            let links = await harness.alice.events(from: bot, in: direct).filter { $0.content["body"]?.string?.contains("/console/") == true }
            #expect(links.count == 2)
            #expect(await harness.alice.seen.invites.count == 1, "no second room")
            // Once alice left it, the next link opens a new room.
            try await harness.alice.client.leave(direct, reason: nil, logger: MatrixHarness.quiet)
            let invites = await harness.alice.seen.invites.map(\.room)
            _ = try await harness.ask("!nex vm console web01", as: harness.alice)
            let (again, _) = try await harness.alice.waitForInvite(from: bot) { !invites.contains($0) }
            #expect(again != direct)
            try await harness.bob.catchUp()
            let seenByBob = await harness.bob.events(from: bot, in: harness.room).compactMap { $0.content["body"]?.string }
            #expect(!seenByBob.isEmpty && seenByBob.allSatisfy { !$0.contains("/console/") }, "\(seenByBob)")
        }
    }

    @Test("The prefix alone shows help; a user bound to nothing is refused")
    func helpAndRefusal() async throws {
        try await MatrixHarness.run { harness in
            let (_, help) = try await harness.ask("!nex", as: harness.carol)
            #expect(help.content["body"]?.string?.lowercased().contains("vm") == true)
            let (_, refusal) = try await harness.ask("!nex vm list", as: harness.carol)
            #expect(refusal.content["body"]?.string?.contains("Not allowed") == true)
        }
    }

    @Test("A stop asks for ✅; another user's ✅ is ignored; the asker's ✅ stops the guest once, edits the question and takes the bot's ✅ and ❌ back")
    func confirmByReaction() async throws {
        try await MatrixHarness.run { harness in
            let vmid = try await harness.runningGuest()
            let (_, question) = try await harness.ask("!nex vm stop \(vmid)", as: harness.alice)
            let questionID = try #require(question.eventID)
            #expect(question.content["body"]?.string?.contains("react ✅") == true)
            for key in ["✅", "❌"] {
                _ = try await harness.alice.waitFor("the bot's \(key)", from: harness.botUser.userID, in: harness.room) {
                    $0.type == "m.reaction" && $0.content["m.relates_to"]?["key"]?.string == key
                        && $0.content["m.relates_to"]?["event_id"]?.string == questionID
                }
            }
            try await harness.bob.react("✅", to: questionID, in: harness.room)
            try await Task.sleep(for: .seconds(2))
            #expect(await harness.app.cluster.guestSnapshot(vmid: vmid)?.status == "running", "bob's reaction does nothing")
            #expect(await harness.currentBody(of: questionID, as: harness.alice)?.contains("Stop") == true)
            try await harness.alice.react("✅", to: questionID, in: harness.room)
            let outcome = try await harness.waitForBody(of: questionID, as: harness.alice, "the outcome edit") { $0.contains("stopped") }
            #expect(outcome.contains("\(vmid)"))
            #expect(await harness.app.cluster.guestSnapshot(vmid: vmid)?.status == "stopped")
            let refusals = await harness.alice.events(from: harness.botUser.userID, in: harness.room)
                .filter { $0.content["body"]?.string?.contains("Only the person who asked") == true }
            #expect(refusals.isEmpty, "another user's reaction is audited, not answered")
            let redactions = try await harness.waitForCount(2, as: harness.alice, "the bot's redactions") { $0.type == "m.room.redaction" }
            #expect(redactions == 2, "the answered question keeps no ✅ or ❌ of the bot's")
        }
    }

    @Test("A keycap reaction presses its button, with or without the variation selector the bot's own keycap has")
    func keycapReactionPressesButton() async throws {
        try await MatrixHarness.run { harness in
            let (_, overview) = try await harness.ask("!nex overview", as: harness.alice)
            let overviewID = try #require(overview.eventID)
            #expect(overview.content["body"]?.string?.contains("1️⃣ Guests") == true)
            _ = try await harness.alice.waitFor("the bot's 1️⃣", from: harness.botUser.userID, in: harness.room) {
                $0.type == "m.reaction" && $0.content["m.relates_to"]?["key"]?.string == "1\u{FE0F}\u{20E3}"
                    && $0.content["m.relates_to"]?["event_id"]?.string == overviewID
            }
            // Some clients send the keycap without U+FE0F.
            try await harness.alice.react("1\u{20E3}", to: overviewID, in: harness.room)
            // As a pressed button does everywhere, the answer replaces the message pressed.
            let list = try await harness.waitForBody(of: overviewID, as: harness.alice, "the guest list") { $0.contains("vmid") }
            #expect(list.contains("Guests on"))
        }
    }

    @Test("A reply `confirm` to the question confirms; a ✅ after expiry turns the question into the refusal")
    func confirmByReplyAndExpiry() async throws {
        try await MatrixHarness.run { harness in
            let vmid = try await harness.runningGuest()
            let (_, first) = try await harness.ask("!nex vm stop \(vmid)", as: harness.alice)
            let firstID = try #require(first.eventID)
            try await harness.alice.say("confirm", in: harness.room, relatesTo: .reply(to: firstID))
            _ = try await harness.waitForBody(of: firstID, as: harness.alice, "the confirmed stop") { $0.contains("stopped") }

            let (_, second) = try await harness.ask("!nex vm stop \(try await harness.runningGuest())", as: harness.alice)
            let secondID = try #require(second.eventID)
            #expect(second.content["body"]?.string?.contains("react ✅") == true)
            harness.app.date.advance(by: 3_600)
            try await harness.alice.react("✅", to: secondID, in: harness.room)
            // The question no longer says "within 1 min": it says it expired, and its ✅ and ❌ are gone.
            let expired = try await harness.waitForBody(of: secondID, as: harness.alice, "the expiry in the question") { $0.contains("expired") }
            #expect(!expired.contains("react ✅"))
            let redactions = try await harness.waitForCount(4, as: harness.alice, "the bot's redactions") { $0.type == "m.room.redaction" }
            #expect(redactions == 4, "both answered questions lost their reactions")
        }
    }

    @Test("`!nex confirm <id>` typed on its own answers the question it belongs to; a failed pre-check replaces the question too")
    func typedConfirmAndFailedPrecheck() async throws {
        try await MatrixHarness.run { harness in
            let vmid = try await harness.runningGuest()
            let (_, question) = try await harness.ask("!nex vm stop \(vmid)", as: harness.alice)
            let questionID = try #require(question.eventID)
            let confirm = try #require(await harness.commands.command(forKey: MatrixPlatform.reactionKey(event: questionID, key: "✅")))
            try await harness.alice.say("!nex \(confirm)", in: harness.room)
            _ = try await harness.waitForBody(of: questionID, as: harness.alice, "the confirmed stop in the question") { $0.contains("stopped") }
            #expect(await harness.app.cluster.guestSnapshot(vmid: vmid)?.status == "stopped")

            let other = try await harness.runningGuest()
            let (_, second) = try await harness.ask("!nex vm stop \(other)", as: harness.alice)
            let secondID = try #require(second.eventID)
            await harness.app.cluster.crashGuest(vmid: other)
            try await harness.alice.react("✅", to: secondID, in: harness.room)
            let refused = try await harness.waitForBody(of: secondID, as: harness.alice, "the pre-check refusal in the question") {
                $0.contains("is not running")
            }
            #expect(!refused.contains("react ✅"))
        }
    }

    @Test("Restarting the bot between two commands: the first is not run again, the second is answered")
    func restartBetweenCommands() async throws {
        try await MatrixHarness.run { harness in
            let (firstCommand, _) = try await harness.ask("!nex vm list", as: harness.alice)
            await harness.stopBot()
            let second = try await harness.alice.say("!nex whoami", in: harness.room)
            try await harness.startBot()
            _ = try await harness.alice.waitFor("the answer to the second command", from: harness.botUser.userID, in: harness.room) {
                $0.content["m.relates_to"]?["m.in_reply_to"]?["event_id"]?.string == second
            }
            try await Task.sleep(for: .seconds(1))
            let answersToFirst = await harness.alice.events(from: harness.botUser.userID, in: harness.room)
                .filter { $0.content["m.relates_to"]?["m.in_reply_to"]?["event_id"]?.string == firstCommand }
            #expect(answersToFirst.count == 1)
        }
    }

    @Test("Synapse restarted while the bot runs: it reconnects and answers the next command")
    func homeserverRestart() async throws {
        try await MatrixHarness.run { harness in
            _ = try await harness.ask("!nex whoami", as: harness.alice)
            try await harness.synapse.restart(downtime: .seconds(1))
            try await harness.waitUntilUp()
            let (_, reply) = try await harness.ask("!nex vm list", as: harness.alice, timeout: .seconds(60))
            #expect(reply.content["body"]?.string?.contains("vmid") == true)
        }
    }

    @Test("Malformed and hostile events neither stop the sync loop nor inject markup")
    func hostileEvents() async throws {
        try await MatrixHarness.run { harness in
            let room = harness.room
            // Synapse itself refuses some of these (no body); whatever it accepts reaches the bot.
            _ = try? await harness.carol.send(raw: .object(["msgtype": .string("m.text")]), in: room)
            _ = try? await harness.carol.send(raw: .object(["msgtype": .string("m.text"), "body": .number(7)]), in: room)
            _ = try? await harness.carol.send(raw: .object(["msgtype": .array([]), "body": .object([:])]), in: room)
            _ = try? await harness.carol.send(raw: .object(["msgtype": .string("m.text"), "body": .string("!nex vm list"),
                                                            "m.relates_to": .string("not an object")]), in: room)
            try await harness.carol.send(raw: .object(["msgtype": .string("m.text"), "body": .string("!nex " + String(repeating: "x", count: 60_000))]),
                                         in: room)
            let (_, unknown) = try await harness.ask("!nex vm show <b onmouseover=alert(1)>bold</b>", as: harness.alice)
            let html = try #require(unknown.content["formatted_body"]?.string)
            #expect(!html.contains("<b onmouseover"))
            let (_, list) = try await harness.ask("!nex vm list", as: harness.alice)
            #expect(list.content["body"]?.string?.contains("vmid") == true, "the loop still runs")
        }
    }

    @Test("An alert reaches a subscribed room, with a transaction id from its outbox key, and its resolution edits it")
    func alertPostedAndEdited() async throws {
        try await MatrixHarness.run { harness in
            let platform = try #require(await harness.running.platform)
            let handle = try await platform.post(Message(title: "pve2 memory 93% for 5m", severity: .warning), to: harness.room, key: "outbox-1")
            let again = try await platform.post(Message(title: "pve2 memory 93% for 5m", severity: .warning), to: harness.room, key: "outbox-1")
            #expect(again == handle, "the same outbox key is the same message")
            try await platform.edit(handle, Message(title: "pve2 memory back to 60%", severity: .success), in: harness.room)
            let body = try await harness.waitForBody(of: handle.value, as: harness.alice, "the resolved edit") { $0.contains("back to 60%") }
            #expect(body.contains("✔"))
            let alert = try #require(await harness.alice.events(from: harness.botUser.userID, in: harness.room).first { $0.eventID == handle.value })
            #expect(alert.content["m.mentions"] == .object(["user_ids": .array([])]), "alerts ping nobody")

            // Acknowledged, the alert keeps only Silence: 1️⃣ presses it now, and 2️⃣ nothing.
            let buttons = [Button("Acknowledge", command: "alert ack a1"), Button("Silence 1h", command: "alert silence a1 1h")]
            let firing = try await platform.post(Message(title: "pve1 cpu 99%", buttons: buttons, severity: .warning), to: harness.room, key: "outbox-2")
            func pressed(_ key: String) async throws -> String? {
                try await harness.commands.command(forKey: MatrixPlatform.reactionKey(event: firing.value, key: key))
            }
            #expect(try await pressed("1️⃣") == "alert ack a1")
            try await platform.edit(firing, Message(title: "pve1 cpu 99%", buttons: [buttons[1]], severity: .warning), in: harness.room)
            #expect(try await pressed("1️⃣") == "alert silence a1 1h")
            #expect(try await pressed("2️⃣") == "")
            // The bot takes its 2️⃣ back; its 1️⃣ stays, now for Silence.
            _ = try await harness.waitForCount(1, as: harness.alice, "the bot's redaction of 2️⃣") { $0.type == "m.room.redaction" }
            try await harness.alice.catchUp()
            let redactions = await harness.alice.events(from: harness.botUser.userID, in: harness.room).filter { $0.type == "m.room.redaction" }
            #expect(redactions.count == 1)
        }
    }

    @Test("An invitation from a user not allowed is refused: the bot leaves, saying why")
    func invitationRefused() async throws {
        try await MatrixHarness.run(startBot: false) { harness in
            try await harness.startBot { $0.allowInvitesFrom = [harness.bob.id] }
            let leave = try await harness.alice.waitFor("the bot to refuse the invitation", from: harness.botUser.userID, in: harness.room) {
                $0.type == "m.room.member" && $0.content["membership"]?.string == "leave"
            }
            #expect(leave.content["reason"]?.string?.contains(harness.alice.id) == true)
        }
    }

    @Test("An invitation to an encrypted room is refused with a reason, and the room is listed")
    func invitations() async throws {
        try await MatrixHarness.run { harness in
            let encrypted = try await harness.alice.client.createRoom(MatrixCreateRoom(
                name: "secret", invite: [harness.botUser.userID],
                initialState: [.init(type: "m.room.encryption", content: .object(["algorithm": .string("m.megolm.v1.aes-sha2")]))]),
                logger: MatrixHarness.quiet)
            let leave = try await harness.alice.waitFor("the bot to leave the encrypted room", from: harness.botUser.userID, in: encrypted) {
                $0.type == "m.room.member" && $0.content["membership"]?.string == "leave"
            }
            #expect(leave.content["reason"]?.string?.contains("encrypted") == true)
            let platform = try #require(await harness.running.platform)
            #expect(await platform.encryptedRooms == [encrypted])
            let health = await harness.running.health
            #expect(health.contains(.upNoting("cannot read end-to-end encrypted rooms: \(encrypted)")), "/healthz lists the room")
        }
    }

    @Test("A rejected access token is final: the platform reports itself down")
    func rejectedToken() async throws {
        try await MatrixHarness.run(startBot: false) { harness in
            try await harness.startBot(token: "syt_not_a_token")
            let deadline = ContinuousClock.now + .seconds(20)
            while ContinuousClock.now < deadline {
                if case .down = await harness.running.health.last { break }
                try await Task.sleep(for: .milliseconds(50))
            }
            guard case let .down(reason)? = await harness.running.health.last else {
                Issue.record("not down: \(await harness.running.health)")
                return
            }
            #expect(reason.contains("M_UNKNOWN_TOKEN"))
            #expect(!reason.contains("syt_not_a_token"))
        }
    }
}
