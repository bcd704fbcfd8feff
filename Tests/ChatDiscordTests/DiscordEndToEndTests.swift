import ChatDiscord
import ChatKit
import Crypto
import Foundation
import NexBoard
import NexBoardCore
import NexBoardTesting
import ServiceLifecycle
import TestScopes
import Testing

/// Through the real gateway and REST protocols: fake Discord ⇄ DiscordAdapter ⇄ the real dispatcher.
@Suite("Discord end to end through the fake Discord", .stopsWhatItStarts)
struct DiscordEndToEndTests {
    typealias F = DiscordInteractionFixtures
    static let labOperator = TestApplication.labOperator.identifier
    static let stranger = TestApplication.stranger.identifier

    @Test("A fast slash command is answered with its result in the first response: no placeholder, no edit")
    func fastCommandAnsweredDirectly() async throws {
        try await DiscordHarness.run { harness in
            try await harness.fake.waitForSession()
            let (_, token) = try await harness.fake.send(interaction: F.slash(["vm", "list"], user: Self.labOperator))
            let requests = try await harness.waitFor("the result", token: token) { !$0.isEmpty }
            #expect(requests.count == 1)
            #expect(requests[0].callbackType == 4)
            #expect(requests[0].status == 204 || requests[0].status == 200)
            #expect(requests[0].violations == [])
            #expect(requests[0].callbackEmbedText.contains("Guests on homelab"))
            #expect(requests[0].callbackFlags == nil, "a list everyone may see")
        }
    }

    @Test("With monitor.images on, a guest graph's first response is multipart: the PNG as files[0], shown by the embed; off, plain JSON")
    func graphPicture() async throws {
        for images in [true, false] {
            try await DiscordHarness.run(monitor: MonitorConfig(images: images)) { harness in
                try await harness.fake.waitForSession()
                let vmid = try await harness.labGuest()
                let (_, token) = try await harness.fake.send(interaction: F.slash(["monitor", "vm"], options: [("guest", "\(vmid)")],
                                                                                  user: Self.labOperator))
                let requests = try await harness.waitFor("the graph", token: token) { !$0.isEmpty }
                let answer = try #require(requests.first)
                #expect(answer.callbackType == 4)
                #expect(answer.violations == [])
                #expect(answer.callbackEmbedText.contains("min "), "the text graph is in the embed either way")
                let embed = ((answer.json?["data"] as? [String: Any])?["embeds"] as? [[String: Any]])?.first
                let url = (embed?["image"] as? [String: Any])?["url"] as? String
                if images {
                    #expect(answer.isMultipart)
                    let file = try #require(answer.files.first)
                    #expect(file.filename == "vm-\(vmid)-1h.png")
                    #expect(file.contentType == "image/png")
                    #expect(file.data.starts(with: [0x89, 0x50, 0x4E, 0x47]))
                    #expect(url == "attachment://vm-\(vmid)-1h.png")
                } else {
                    #expect(!answer.isMultipart && answer.files.isEmpty)
                    #expect(url == nil)
                }
            }
        }
    }

    @Test("A fast command slower than the first-reply window is deferred at the window's end, then its reply edits the deferral")
    func fastCommandPastTheWindow() async throws {
        let handler = StubRequestHandler(handle: { _, responder, _ in
            try? await Task.sleep(for: .milliseconds(600))
            _ = try? await responder.send(Message(title: "late but fine"))
            return .ok
        }, admit: { _ in .accepted(visibility: .channel, slow: false) })
        try await DiscordHarness.run(configure: { $0.firstReplyWindow = .milliseconds(100) }, handler: handler) { harness in
            try await harness.fake.waitForSession()
            let (_, token) = try await harness.fake.send(interaction: F.slash(["vm", "list"], user: Self.labOperator))
            let requests = try await harness.waitFor("the result", token: token) { $0.contains { $0.isOriginalEdit } }
            #expect(requests.first?.callbackType == 5)
            #expect(requests.first { $0.isOriginalEdit }?.embedText.contains("late but fine") == true)
        }
    }

    @Test("A slow command (it follows a task) is deferred at once, then its progress and result edit the deferral")
    func slowCommandDeferred() async throws {
        try await DiscordHarness.run { harness in
            try await harness.fake.waitForSession()
            let vmid = try await harness.labGuest()
            let (_, token) = try await harness.fake.send(interaction: F.slash(["vm", "shutdown"], options: [("guest", "\(vmid)")],
                                                                              user: Self.labOperator))
            let requests = try await harness.waitFor("the result", token: token) { $0.contains { $0.isOriginalEdit && $0.embedText.contains("shut down") } }
            #expect(requests.first?.callbackType == 5)
            #expect(requests.first?.flags == nil)
            let edits = requests.filter(\.isOriginalEdit)
            #expect(edits.first?.embedText.contains("Shutting down") == true, "progress before the result")
        }
    }

    @Test("Registering the commands while Discord's API fails does not hold interactions back")
    func registrationDoesNotBlock() async throws {
        let catalog = try CommandCatalog.load(directory: RepositoryPaths.commands)
        try await DiscordHarness.run(registerAtStart: catalog, before: { fake in
            await fake.failWithServerError(pathContains: "/commands", times: 1_000, status: 503)
        }) { harness in
            try await harness.fake.waitForSession()
            let started = ContinuousClock.now
            let (_, token) = try await harness.fake.send(interaction: F.slash(["whoami"], user: Self.labOperator))
            let answer = try await harness.waitFor("the answer", token: token) { !$0.isEmpty }
            #expect(answer.first?.callbackType == 4)
            #expect(ContinuousClock.now - started < .seconds(10), "answered while the registration keeps failing")
            // The registration runs beside the session: on a busy machine the answer can come before its first try.
            var attempts: [FakeDiscordRequest] = []
            let deadline = ContinuousClock.now + .seconds(10)
            while attempts.isEmpty, ContinuousClock.now < deadline {
                attempts = await harness.fake.requests().filter { $0.method == "PUT" && $0.path.hasSuffix("/commands") }
                if attempts.isEmpty { try await Task.sleep(for: .milliseconds(50)) }
            }
            #expect(!attempts.isEmpty && attempts.allSatisfy { $0.status == 503 }, "the registration was tried and is still failing")
        }
    }

    @Test("A user with no role is refused in the first answer, privately: the channel never sees a placeholder")
    func refusedUserEphemeral() async throws {
        try await DiscordHarness.run { harness in
            try await harness.fake.waitForSession()
            let vmid = try await harness.labGuest()
            let (_, token) = try await harness.fake.send(interaction: F.slash(["vm", "stop"], options: [("guest", "\(vmid)")], user: Self.stranger))
            let requests = try await harness.waitFor("the refusal", token: token) { !$0.isEmpty }
            #expect(requests.count == 1)
            #expect(requests[0].callbackType == 4)
            let data = requests[0].json?["data"] as? [String: Any]
            #expect(data?["flags"] as? Int == 64)
            #expect(((data?["embeds"] as? [[String: Any]])?.first?["description"] as? String)?.contains("guest.power") == true)
            #expect(await harness.app.cluster.guestSnapshot(vmid: vmid)?.status == "running")
            // A refused button press is answered the same way, instead of updating the message.
            let (_, pressToken) = try await harness.fake.send(interaction: F.button("vm stop \(vmid)", message: "5000", user: Self.stranger))
            let press = try await harness.waitFor("the refused press", token: pressToken) { !$0.isEmpty }
            #expect(press.map(\.callbackType) == [4])
        }
    }

    @Test("Text that Proxmox controls (guest notes) reaches Discord escaped: no masked link, no broken formatting")
    func notesAreEscaped() async throws {
        try await DiscordHarness.run { harness in
            try await harness.fake.waitForSession()
            let vmid = try await harness.labGuest()
            await harness.app.cluster.setGuestNotes(vmid: vmid, "Login at [the panel](https://evil.example) `root` **now** @everyone")
            let (_, token) = try await harness.fake.send(interaction: F.slash(["vm", "show"], options: [("guest", "\(vmid)")], user: Self.labOperator))
            let requests = try await harness.waitFor("the answer", token: token) { !$0.isEmpty }
            let shown = try #require(requests.first { $0.callbackType == 4 }).callbackEmbedText
            #expect(shown.contains(#"Login at \[the panel\]\(https://evil.example\) \`root\` \*\*now\*\* @everyone"#), "\(shown)")
            #expect(!shown.contains("[the panel](https"))
        }
    }

    @Test("A command whose answer is private (whoami, help) is private from the first response on")
    func privateAnswersArePrivate() async throws {
        try await DiscordHarness.run { harness in
            try await harness.fake.waitForSession()
            let (_, token) = try await harness.fake.send(interaction: F.slash(["whoami"], user: Self.labOperator))
            let requests = try await harness.waitFor("the answer", token: token) { !$0.isEmpty }
            #expect(requests.count == 1)
            #expect(requests[0].callbackType == 4)
            #expect(requests[0].callbackFlags == 64)
            #expect(requests[0].callbackEmbedText.contains("You are discord:"))
        }
        // Past the window, the deferral is private too: nothing public to take back.
        let slow = StubRequestHandler(handle: { _, responder, _ in
            try? await Task.sleep(for: .milliseconds(600))
            _ = try? await responder.send(Message(title: "only for you", visibility: .requester))
            return .ok
        }, admit: { _ in .accepted(visibility: .requester, slow: false) })
        try await DiscordHarness.run(configure: { $0.firstReplyWindow = .milliseconds(100) }, handler: slow) { harness in
            try await harness.fake.waitForSession()
            let (_, token) = try await harness.fake.send(interaction: F.slash(["whoami"], user: Self.labOperator))
            let requests = try await harness.waitFor("the answer", token: token) { $0.contains { $0.isOriginalEdit } }
            #expect(requests[0].callbackType == 5)
            #expect(requests[0].callbackFlags == 64)
            #expect(!requests.contains { $0.method == "DELETE" }, "nothing public to take back")
            #expect(!requests.contains { $0.isFollowup })
        }
    }

    @Test("A stop needs the Confirm button; a second press and a press by another user are refused")
    func stopNeedsButton() async throws {
        try await DiscordHarness.run { harness in
            try await harness.fake.waitForSession()
            let vmid = try await harness.labGuest()
            let (_, token) = try await harness.fake.send(interaction: F.slash(["vm", "stop"], options: [("guest", vmid)], user: Self.labOperator))
            let asked = try await harness.waitFor("the question", token: token) { $0.contains { !$0.customIDs.isEmpty } }
            let question = try #require(asked.first { !$0.customIDs.isEmpty })
            let confirm = try #require(question.customIDs.first { $0.hasPrefix("confirm ") })
            #expect(await harness.app.cluster.guestSnapshot(vmid: vmid)?.status == "running")

            // Another user presses Confirm: refused, privately.
            let (_, otherToken) = try await harness.fake.send(interaction: F.button(confirm, message: "m1", user: Self.stranger))
            let other = try await harness.waitFor("the other user's refusal", token: otherToken) { $0.contains { $0.isFollowup } }
            #expect(other.first?.callbackType == 6)
            #expect(other.first { $0.isFollowup }?.flags == 64)

            // The asker presses Confirm: the pressed message is updated and the guest stops.
            let (_, pressToken) = try await harness.fake.send(interaction: F.button(confirm, message: "m1", user: Self.labOperator))
            let pressed = try await harness.waitFor("the update", token: pressToken) { $0.contains { $0.isOriginalEdit } }
            #expect(pressed.first?.callbackType == 6)
            let deadline = ContinuousClock.now + .seconds(15)
            while await harness.app.cluster.guestSnapshot(vmid: vmid)?.status != "stopped", ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(20))
            }
            #expect(await harness.app.cluster.guestSnapshot(vmid: vmid)?.status == "stopped")

            // A second press is refused.
            let (_, againToken) = try await harness.fake.send(interaction: F.button(confirm, message: "m1", user: Self.labOperator))
            let again = try await harness.waitFor("the second press's answer", token: againToken) { $0.count >= 2 }
            #expect(again.first?.callbackType == 6)
            #expect(again.dropFirst().allSatisfy { $0.flags == 64 || $0.isOriginalEdit })
        }
    }

    @Test("A Confirm pressed after the confirmation expired is refused and the guest keeps running")
    func pressAfterExpiry() async throws {
        try await DiscordHarness.run { harness in
            try await harness.fake.waitForSession()
            let vmid = try await harness.labGuest()
            let (_, token) = try await harness.fake.send(interaction: F.slash(["vm", "stop"], options: [("guest", vmid)], user: Self.labOperator))
            let asked = try await harness.waitFor("the question", token: token) { $0.contains { !$0.customIDs.isEmpty } }
            let confirm = try #require(asked.first { !$0.customIDs.isEmpty }?.customIDs.first { $0.hasPrefix("confirm ") })
            harness.app.date.advance(by: 3600)
            let (_, pressToken) = try await harness.fake.send(interaction: F.button(confirm, message: "m1", user: Self.labOperator))
            let pressed = try await harness.waitFor("the refusal", token: pressToken) { $0.count >= 2 }
            #expect(pressed.first?.callbackType == 6)
            #expect(pressed.dropFirst().allSatisfy { $0.status == 200 })
            try await Task.sleep(for: .milliseconds(200))
            #expect(await harness.app.cluster.guestSnapshot(vmid: vmid)?.status == "running")
        }
    }

    @Test("A slow command follows its Proxmox task by editing the same reply until the task ends")
    func slowCommandEdits() async throws {
        try await DiscordHarness.run { harness in
            try await harness.fake.waitForSession()
            var stopped: Int?
            for vmid in 100..<500 {
                if let guest = await harness.app.cluster.guestSnapshot(vmid: vmid), guest.status == "stopped" {
                    await harness.app.cluster.setGuestTags(vmid: vmid, tags: ["lab"])
                    stopped = vmid
                    break
                }
            }
            let vmid = try #require(stopped)
            let (_, token) = try await harness.fake.send(interaction: F.slash(["vm", "start"], options: [("guest", vmid)], user: Self.labOperator))
            let success = DiscordRenderer.color(.success)
            let requests = try await harness.waitFor("the final edit", token: token) { requests in
                requests.contains { $0.isOriginalEdit && ($0.json?["embeds"] as? [[String: Any]])?.first?["color"] as? Int == success }
            }
            #expect(await harness.app.cluster.guestSnapshot(vmid: vmid)?.status == "running")
            #expect(requests.first?.callbackType == 5)
            let edits = requests.filter { $0.isOriginalEdit }
            #expect(edits.allSatisfy { $0.status == 200 })
            func color(_ request: FakeDiscordRequest) -> Int? { (request.json?["embeds"] as? [[String: Any]])?.first?["color"] as? Int }
            // The reply showed the task in progress before it showed how it ended.
            let progress = try #require(edits.firstIndex { color($0) == DiscordRenderer.color(.pending) }, "no progress edit")
            let final = try #require(edits.lastIndex { color($0) == success })
            #expect(progress < final)
            #expect(edits[progress].embedText.contains("Starting "), "\(edits[progress].embedText)")
            #expect(!requests.contains { $0.isFollowup }, "progress edits the one reply rather than posting more")
        }
    }

    @Test("Autocomplete asks the provider as the user who types (with their roles) and answers with its choices")
    func autocomplete() async throws {
        let handler = StubRequestHandler(suggest: { query in
            guard query.command == ["vm", "stop"], query.option == "guest", query.subject == TestApplication.labOperator else { return [] }
            return [Suggestion(label: "101 web-\(query.typed)", value: "101")]
        })
        try await DiscordHarness.run(handler: handler) { harness in
            try await harness.fake.waitForSession()
            let (_, token) = try await harness.fake.send(interaction: F.autocomplete(["vm", "stop"], option: "guest", typed: "we", user: Self.labOperator))
            let requests = try await harness.waitFor("the choices", token: token) { !$0.isEmpty }
            #expect(requests[0].callbackType == 8)
            let choices = (requests[0].json?["data"] as? [String: Any])?["choices"] as? [[String: Any]]
            #expect(choices?.first?["value"] as? String == "101")
            #expect(choices?.first?["name"] as? String == "101 web-we")
        }
    }

    @Test("Direct messages are refused unless allowed, and channels outside the allow-list too")
    func locationAllowLists() async throws {
        try await DiscordHarness.run(configure: { $0.channelIDs = [F.channel] }) { harness in
            try await harness.fake.waitForSession()
            let (_, dmToken) = try await harness.fake.send(interaction: F.slash(["overview"], user: Self.labOperator, guild: nil))
            let dm = try await harness.waitFor("the DM refusal", token: dmToken) { !$0.isEmpty }
            #expect(dm[0].callbackType == 4)
            #expect(dm[0].json.flatMap { ($0["data"] as? [String: Any])?["flags"] as? Int } == 64)
            let (_, elsewhereToken) = try await harness.fake.send(interaction: F.slash(["overview"], user: Self.labOperator, channel: "1234"))
            let elsewhere = try await harness.waitFor("the channel refusal", token: elsewhereToken) { !$0.isEmpty }
            #expect(elsewhere[0].callbackType == 4)
        }
    }

    @Test("An interaction sent while the connection is down is replayed on RESUME and answered")
    func resumeReplaysMissedInteraction() async throws {
        try await DiscordHarness.run { harness in
            try await harness.waitUntilUp()
            await harness.fake.closeConnection(code: 4000)
            let (_, token) = try await harness.fake.send(interaction: F.slash(["whoami"], user: Self.labOperator))
            try await harness.fake.waitForSession(connection: 2)
            let answered = try await harness.waitFor("the answer", token: token) { !$0.isEmpty }
            #expect(answered.first?.callbackType == 4)
            let counts = await harness.fake.gatewayCounts()
            #expect(counts.identifies == 1)
            #expect(counts.resumes == 1)
        }
    }

    @Test("op 7 makes the bot reconnect and resume")
    func reconnectRequest() async throws {
        try await DiscordHarness.run { harness in
            try await harness.waitUntilUp()
            await harness.fake.requestReconnect()
            try await harness.fake.waitForSession(connection: 2)
            let counts = await harness.fake.gatewayCounts()
            #expect(counts.identifies == 1)
            #expect(counts.resumes == 1)
        }
    }

    @Test("op 9 without resume makes the bot identify again")
    func invalidSession() async throws {
        try await DiscordHarness.run { harness in
            try await harness.fake.waitForSession()
            await harness.fake.invalidateSession(resumable: false)
            try await harness.fake.waitForSession(connection: 2, timeout: .seconds(15))
            let counts = await harness.fake.gatewayCounts()
            #expect(counts.identifies == 2)
        }
    }

    @Test("Missing heartbeat ACKs make the bot reconnect and resume")
    func zombieConnection() async throws {
        try await DiscordHarness.run(heartbeat: .milliseconds(100)) { harness in
            // On a loaded machine the bot may take a connection for a zombie before it read READY,
            // and identify again: count from the session it has.
            try await harness.waitUntilUp()
            let before = await harness.fake.gatewayCounts()
            await harness.fake.acknowledgeHeartbeats(false)
            try await harness.fake.waitForSession(connection: before.connections + 1)
            await harness.fake.acknowledgeHeartbeats(true)
            let counts = await harness.fake.gatewayCounts()
            // Until ACKs are back, the resuming connection may be left too.
            #expect(counts.resumes > before.resumes)
            #expect(counts.identifies == before.identifies)
        }
    }

    @Test("A bad token (close 4004) stops the adapter and reports Discord down")
    func badTokenStops() async throws {
        try await DiscordHarness.run(token: "wrong-token") { harness in
            let deadline = ContinuousClock.now + .seconds(10)
            while ContinuousClock.now < deadline {
                if await harness.health.entries.contains(where: { if case .down = $0 { true } else { false } }) { break }
                try await Task.sleep(for: .milliseconds(20))
            }
            let entries = await harness.health.entries
            #expect(entries.contains { if case .down(let reason) = $0 { reason.contains("4004") } else { false } })
            try await Task.sleep(for: .milliseconds(200))
            #expect(await harness.fake.gatewayCounts().connections == 1)
        }
    }

    @Test("post and edit put alert messages in a channel")
    func postAndEdit() async throws {
        try await DiscordHarness.run { harness in
            let handle = try await harness.platform.post(Message(title: "pve2 memory 93%", severity: .warning), to: "42", key: nil)
            try await harness.platform.edit(handle, Message(title: "pve2 memory resolved", severity: .success), in: "42")
            let requests = await harness.fake.requests().filter { $0.path.hasPrefix("/channels/42/messages") }
            #expect(requests.map(\.method) == ["POST", "PATCH"])
            #expect(requests[1].path == "/channels/42/messages/\(handle.value)")
            #expect(requests.allSatisfy { $0.status == 200 })
        }
    }

    @Test("a post repeated with the same key (a crash before it was recorded) shows once; another key is a new message")
    func postWithNonce() async throws {
        try await DiscordHarness.run { harness in
            let alert = Message(title: "pve2 memory 93%", severity: .warning)
            let first = try await harness.platform.post(alert, to: "42", key: "firing-7@discord:42")
            let again = try await harness.platform.post(alert, to: "42", key: "firing-7@discord:42")
            #expect(again == first)
            #expect(await harness.fake.messages(in: "42") == [first.value])
            let other = try await harness.platform.post(alert, to: "42", key: "firing-8@discord:42")
            #expect(await harness.fake.messages(in: "42") == [first.value, other.value])
            let posts = await harness.fake.requests().filter { $0.method == "POST" && $0.path == "/channels/42/messages" }
            let nonces = posts.compactMap { $0.json?["nonce"] as? String }
            #expect(nonces.count == 3 && nonces.allSatisfy { $0.count <= 25 })
            #expect(posts.allSatisfy { $0.json?["enforce_nonce"] as? Bool == true })
        }
    }
}

@Suite("The HTTP interactions endpoint", .stopsWhatItStarts)
struct DiscordHTTPInteractionTests {
    static func signed(_ object: [String: Any]) throws -> (body: Data, signature: String, timestamp: String) {
        let body = try JSONSerialization.data(withJSONObject: object)
        let timestamp = String(Int(Date().timeIntervalSince1970))
        let key = try Curve25519.Signing.PrivateKey(rawRepresentation: Data(repeating: 0x11, count: 32))
        let signature = try key.signature(for: Data(timestamp.utf8) + body)
        return (body, signature.map { String(format: "%02x", $0) }.joined(), timestamp)
    }

    /// POSTs to the platform's interactions route, as the HTTP page would hand it over.
    static func post(_ harness: DiscordHarness, body: Data, signature: String?, timestamp: String?) async -> ChatHTTPResponse {
        var headers: [String: String] = [:]
        headers["X-Signature-Ed25519"] = signature
        headers["X-Signature-Timestamp"] = timestamp
        return await harness.platform.handleHTTPInteraction(ChatHTTPRequest(headers: headers, body: body), inbox: harness.adapter.inbox)
    }

    @Test("PING is answered with PONG, a bad or missing signature with 401, and a fast command with its result")
    func endpoint() async throws {
        try await DiscordHarness.run(configure: { $0.publicKey = DiscordSignatureTests.publicKey }) { harness in
            let ping = try Self.signed(["type": 1, "id": "1", "token": "t", "application_id": "100"])
            let pong = await Self.post(harness, body: ping.body, signature: ping.signature, timestamp: ping.timestamp)
            #expect(pong.status == 200)
            #expect(String(decoding: pong.body, as: UTF8.self) == #"{"type":1}"#)

            let tampered = await Self.post(harness, body: Data(#"{"type":2}"#.utf8), signature: ping.signature, timestamp: ping.timestamp)
            #expect(tampered.status == 401)
            let missing = await Self.post(harness, body: ping.body, signature: nil, timestamp: nil)
            #expect(missing.status == 401)

            // The fake must know the interaction's token for the follow-up edits: register it through the gateway log.
            try await harness.fake.waitForSession()
            var command = DiscordInteractionFixtures.slash(["whoami"], user: DiscordEndToEndTests.labOperator)
            command["id"] = "555000"
            command["token"] = "http-token-1"
            command["application_id"] = "100"
            await harness.fake.expectHTTPInteraction(id: "555000", token: "http-token-1")
            let request = try Self.signed(command)
            let answer = await Self.post(harness, body: request.body, signature: request.signature, timestamp: request.timestamp)
            #expect(answer.status == 200)
            let json = try JSONSerialization.jsonObject(with: answer.body) as? [String: Any]
            #expect(json?["type"] as? Int == 4)
            let data = json?["data"] as? [String: Any]
            #expect(data?["flags"] as? Int == 64)
            #expect(((data?["embeds"] as? [[String: Any]])?.first?["title"] as? String)?.hasPrefix("You are discord:") == true)
        }
    }

    @Test("The same signed interaction posted twice runs once; the second is answered harmlessly")
    func replay() async throws {
        try await DiscordHarness.run(configure: { $0.publicKey = DiscordSignatureTests.publicKey }) { harness in
            try await harness.fake.waitForSession()
            let stopped = try #require(await harness.app.cluster.guestSnapshots().first { $0.status == "stopped" && !$0.template })
            await harness.app.cluster.setGuestTags(vmid: stopped.vmid, tags: ["lab"])
            var command = DiscordInteractionFixtures.slash(["vm", "start"], options: [("guest", "\(stopped.vmid)")],
                                                            user: DiscordEndToEndTests.labOperator)
            command["id"] = "555001"
            command["token"] = "http-token-2"
            command["application_id"] = "100"
            await harness.fake.expectHTTPInteraction(id: "555001", token: "http-token-2")
            let request = try Self.signed(command)
            let first = await Self.post(harness, body: request.body, signature: request.signature, timestamp: request.timestamp)
            #expect((try JSONSerialization.jsonObject(with: first.body) as? [String: Any])?["type"] as? Int == 5)
            let again = await Self.post(harness, body: request.body, signature: request.signature, timestamp: request.timestamp)
            #expect(again.status == 200)
            let answer = try #require(try JSONSerialization.jsonObject(with: again.body) as? [String: Any])
            #expect(answer["type"] as? Int == 4)
            let data = answer["data"] as? [String: Any]
            #expect(data?["flags"] as? Int == 64)
            #expect(((data?["embeds"] as? [[String: Any]])?.first?["description"] as? String)?.contains("already handled") == true)
            _ = try await harness.waitFor("the start", token: "http-token-2") { $0.contains { $0.embedText.contains("started") } }
            let starts = await harness.app.cluster.requestCount(pathPrefix: "/nodes/\(stopped.node)/qemu/\(stopped.vmid)/status/start")
                + (await harness.app.cluster.requestCount(pathPrefix: "/nodes/\(stopped.node)/lxc/\(stopped.vmid)/status/start"))
            #expect(starts == 1, "the guest was started once")
        }
    }
}

@Suite("Gateway close codes that stop the bot", .stopsWhatItStarts)
struct DiscordFatalCloseTests {
    @Test("Close 4014 (disallowed intents) stops the adapter and reports why")
    func disallowedIntents() async throws {
        try await DiscordHarness.run { harness in
            try await harness.fake.waitForSession()
            await harness.fake.closeConnection(code: 4014)
            let deadline = ContinuousClock.now + .seconds(10)
            while ContinuousClock.now < deadline {
                if await harness.health.entries.contains(where: { if case .down = $0 { true } else { false } }) { break }
                try await Task.sleep(for: .milliseconds(20))
            }
            #expect(await harness.health.entries.contains { if case .down(let reason) = $0 { reason.contains("4014") } else { false } })
            try await Task.sleep(for: .milliseconds(200))
            #expect(await harness.fake.gatewayCounts().connections == 1)
        }
    }
}

@Suite("The adapter in a service group", .stopsWhatItStarts)
struct DiscordServiceGroupTests {
    @Test("A bad token leaves the adapter running (down) until graceful shutdown, so the rest of NexBoard keeps going")
    func badTokenDoesNotEndTheGroup() async throws {
        let fake = try await FakeDiscord.start(logger: DiscordHarness.quiet)
        let configuration = DiscordAdapterConfiguration(token: Secret("wrong"), applicationID: fake.applicationID,
                                                        gatewayURL: fake.gatewayURL, apiURL: fake.apiURL, identifyInterval: .zero)
        let down = AdapterUnderTest.HealthLog()
        let platform = DiscordPlatform(configuration: configuration, logger: DiscordHarness.quiet, handler: StubRequestHandler())
        let adapter = ChatAdapter(platform: platform, dedupe: InboundDedupe(), health: { await down.add($0) }, logger: DiscordHarness.quiet)
        let group = ServiceGroup(configuration: .init(services: [adapter], logger: DiscordHarness.quiet))
        let finished = AdapterUnderTest.HealthLog()
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask {
                try await group.run()
                await finished.add(.up)
            }
            let deadline = ContinuousClock.now + .seconds(10)
            while await !down.entries.contains(where: { if case .down = $0 { true } else { false } }), ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(20))
            }
            try await Task.sleep(for: .milliseconds(200))
            #expect(await finished.entries.isEmpty, "the service group is still running")
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
        #expect(await finished.entries == [.up])
        await platform.shutdown()
        await fake.stop()
    }
}
