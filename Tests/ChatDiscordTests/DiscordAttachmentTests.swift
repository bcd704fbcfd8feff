import AsyncHTTPClient
import ChatDiscord
import Foundation
import ChatKit
import Logging
import NexBoardCore
import NexBoardTesting
import TestScopes
import Testing

/// Long output as a file: multipart/form-data on every path that sends messages, against the fake Discord.
@Suite("Discord file uploads against the fake Discord", .stopsWhatItStarts)
struct DiscordAttachmentTests {
    static let quiet = DiscordRESTTests.quiet

    private func withFake(_ body: (FakeDiscord, DiscordREST) async throws -> Void) async throws {
        try await DiscordRESTTests.withFake { fake, rest, _ in try await body(fake, rest) }
    }

    /// 2,000 lines of a task log, with a line that looks like a multipart delimiter.
    static let longLog = (1...2000).map { "\($0) INFO: block \($0 * 7) copied" }.joined(separator: "\n") + "\n--nexboard-boundary\r\nnot a part"

    static func longPayload(title: String = "Task log · VM 101") -> DiscordMessagePayload {
        DiscordRenderer().render(Message(title: title, text: longLog)).payloads[0]
    }

    private func expectOneFile(_ request: FakeDiscordRequest, named filename: String = "task-log-vm-101.txt",
                               sourceLocation: SourceLocation = #_sourceLocation) throws {
        #expect(request.status == 200 || request.status == 204, "status \(request.status): \(request.violations)", sourceLocation: sourceLocation)
        #expect(request.isMultipart, sourceLocation: sourceLocation)
        #expect(request.violations == [], sourceLocation: sourceLocation)
        let file = try #require(request.files.first, sourceLocation: sourceLocation)
        #expect(request.files.count == 1, sourceLocation: sourceLocation)
        #expect(file.index == 0, sourceLocation: sourceLocation)
        #expect(file.filename == filename, sourceLocation: sourceLocation)
        #expect(file.contentType == "text/plain; charset=utf-8", sourceLocation: sourceLocation)
        let complete = file.text.contains(Self.longLog)
        #expect(complete, "the file holds the whole log", sourceLocation: sourceLocation)
    }

    @Test("A channel message with a file is sent as multipart/form-data with payload_json and files[0]")
    func channelPost() async throws {
        try await withFake { fake, rest in
            let reference = try await rest.createMessage(channelID: "42", Self.longPayload(), logger: Self.quiet)
            #expect(!reference.id.isEmpty)
            let request = try #require(await fake.requests().first)
            #expect(request.path == "/channels/42/messages")
            #expect(request.contentType?.hasPrefix("multipart/form-data; boundary=nexboard-") == true)
            try expectOneFile(request)
            let attachments = try #require(request.json?["attachments"] as? [[String: Any]])
            #expect(attachments.count == 1)
            #expect(attachments.first?["id"] as? Int == 0)
            #expect(attachments.first?["filename"] as? String == "task-log-vm-101.txt")
            #expect((request.json?["embeds"] as? [[String: Any]])?.count == 1)
        }
    }

    @Test("A channel message edit uploads the new file and names it in attachments")
    func channelEdit() async throws {
        try await withFake { fake, rest in
            try await rest.editMessage(channelID: "42", messageID: "77", Self.longPayload(), logger: Self.quiet)
            let request = try #require(await fake.requests().first)
            #expect(request.method == "PATCH")
            #expect(request.path == "/channels/42/messages/77")
            try expectOneFile(request)
        }
    }

    @Test("An edit without a file sends attachments [] so that an old output file goes, as JSON")
    func editWithoutFileClearsAttachments() async throws {
        try await withFake { fake, rest in
            try await rest.editMessage(channelID: "42", messageID: "77", DiscordMessagePayload(content: "done"), logger: Self.quiet)
            let request = try #require(await fake.requests().first)
            #expect(!request.isMultipart)
            #expect(request.contentType == "application/json")
            #expect((request.json?["attachments"] as? [Any])?.isEmpty == true)
        }
    }

    @Test("An interaction callback (type 4) carries its file, the attachments inside data")
    func interactionCallback() async throws {
        try await withFake { fake, rest in
            await fake.expectInteraction(id: "500", token: "cb-token")
            var payload = Self.longPayload()
            payload.flags = DiscordMessagePayload.ephemeralFlag
            try await rest.respond(toInteraction: "500", token: Secret("cb-token"),
                                   with: DiscordInteractionResponse(kind: .channelMessage, message: payload), logger: Self.quiet)
            let request = try #require(await fake.requests().first)
            #expect(request.path == "/interactions/500/cb-token/callback")
            try expectOneFile(request)
            #expect(request.callbackType == 4)
            let data = try #require(request.json?["data"] as? [String: Any])
            #expect((data["attachments"] as? [[String: Any]])?.first?["id"] as? Int == 0)
            #expect(data["flags"] as? Int == 64)
        }
    }

    @Test("An @original edit and a follow-up carry their files through the interaction webhook")
    func originalEditAndFollowup() async throws {
        try await withFake { fake, rest in
            await fake.expectHTTPInteraction(id: "600", token: "wh-token")
            try await rest.editOriginalResponse(token: Secret("wh-token"), Self.longPayload(), logger: Self.quiet)
            let followup = try await rest.createFollowup(token: Secret("wh-token"), Self.longPayload(title: "Second"), logger: Self.quiet)
            #expect(!followup.id.isEmpty)
            let requests = await fake.requests()
            #expect(requests.map { "\($0.method) \($0.path)" } == [
                "PATCH /webhooks/100/wh-token/messages/@original", "POST /webhooks/100/wh-token",
            ])
            try expectOneFile(requests[0])
            try expectOneFile(requests[1], named: "second.txt")
        }
    }

    @Test("A 429 on a multipart request is retried with the same bytes and the file arrives once")
    func rateLimitedUploadRetried() async throws {
        try await withFake { fake, rest in
            await fake.rateLimit(pathContains: "/channels/42", times: 1, retryAfter: 0.05)
            await fake.failWithServerError(pathContains: "/channels/42", times: 1, status: 502)
            _ = try await rest.createMessage(channelID: "42", Self.longPayload(), logger: Self.quiet)
            let requests = await fake.requests()
            #expect(requests.map(\.status) == [429, 502, 200])
            #expect(Set(requests.map { $0.contentType ?? "" }).count == 1, "the same boundary on every attempt")
            #expect(Set(requests.map(\.body)).count == 1)
            #expect(Set(requests.compactMap { $0.files.first?.data }).count == 1)
            #expect(requests.filter { $0.status == 200 && !$0.files.isEmpty }.count == 1)
            try expectOneFile(requests[2])
        }
    }

    @Test("A graph's picture goes as a files[n] PNG part beside a long output's file, shown by the first embed, with its alt text")
    func graphPicture() async throws {
        try await withFake { fake, rest in
            let png = GraphImage(title: "Node pve2: cpu", panels: [Sparkline(series: [.init("cpu", [0.1, 0.5, 0.3])], unit: .percent, range: "")]).png()
            let image = Message.Image(filename: "node-pve2-1h.png", bytes: png, altText: "Graph: Node pve2: cpu")
            let short = DiscordRenderer().render(Message(title: "Node pve2: cpu", code: "cpu ▁▅▃", image: image)).payloads
            let long = DiscordRenderer().render(Message(title: "Task log · VM 101", text: Self.longLog, image: image)).payloads
            #expect(short.count == 1 && long.count == 1)
            _ = try await rest.createMessage(channelID: "42", short[0], logger: Self.quiet)
            _ = try await rest.createMessage(channelID: "42", long[0], logger: Self.quiet)
            let requests = await fake.requests()
            for (request, files) in zip(requests, [["node-pve2-1h.png"], ["task-log-vm-101.txt", "node-pve2-1h.png"]]) {
                #expect(request.status == 200, "\(request.violations)")
                #expect(request.files.map(\.filename) == files)
                let picture = try #require(request.files.last)
                #expect(picture.contentType == "image/png")
                #expect(picture.data == Data(png))
                let embed = (request.json?["embeds"] as? [[String: Any]])?.first
                #expect((embed?["image"] as? [String: Any])?["url"] as? String == "attachment://node-pve2-1h.png")
                let attachments = request.json?["attachments"] as? [[String: Any]]
                #expect(attachments?.last?["description"] as? String == "Graph: Node pve2: cpu")
            }
            #expect((requests[0].json?["embeds"] as? [[String: Any]])?.first?["description"] as? String == "```\ncpu ▁▅▃\n```",
                    "the text graph stays in the embed")
            var broken = short[0]
            broken.embeds?[0].image = DiscordEmbedImage(url: "attachment://other.png")
            await #expect(throws: DiscordRESTError.self) { _ = try await rest.createMessage(channelID: "42", broken, logger: Self.quiet) }
            #expect(await fake.requests().last?.violations == ["embed image attachment://other.png names no uploaded file"])
        }
    }

    @Test("The fake refuses an attachment id without its files[n] part, and a file without its attachment")
    func mismatchedAttachmentRefused() async throws {
        try await withFake { fake, rest in
            let file = DiscordFile(filename: "a.txt", data: Data("hello\n".utf8))
            let wrongID = try DiscordRequestBody.multipart(
                json: Data(#"{"content":"x","attachments":[{"id":1,"filename":"a.txt"}]}"#.utf8), files: [file])
            let missing = try DiscordRequestBody.multipart(json: Data(#"{"content":"x"}"#.utf8), files: [file])
            for body in [wrongID, missing] {
                await #expect(throws: DiscordRESTError.self) {
                    try await rest.send(.createMessage(channelID: "42"), body: body, logger: Self.quiet)
                }
            }
            let requests = await fake.requests()
            #expect(requests.map(\.status) == [400, 400])
            #expect(requests[0].violations.contains("attachments id 1 has no files[1] part"))
            #expect(requests[0].violations.contains("files[0] has no attachments entry"))
            #expect(requests[1].violations == ["files[0] has no attachments entry"])
        }
    }

    @Test("The fake answers 400 to a malformed multipart body and 413 to more than 10 MiB of files")
    func fakeRefusesBadUploads() async throws {
        try await withFake { fake, rest in
            let garbage = DiscordRequestBody(contentType: "multipart/form-data; boundary=xyz", bytes: Data("no parts here".utf8))
            await #expect(throws: DiscordRESTError.self) {
                try await rest.send(.createMessage(channelID: "42"), body: garbage, logger: Self.quiet)
            }
            let big = DiscordFile(filename: "big.txt", data: Data(repeating: 0x61, count: 10 * 1024 * 1024 + 1))
            let tooLarge = try DiscordRequestBody.multipart(
                json: Data(#"{"attachments":[{"id":0,"filename":"big.txt"}]}"#.utf8), files: [big])
            do {
                try await rest.send(.createMessage(channelID: "42"), body: tooLarge, logger: Self.quiet)
                Issue.record("expected a 413")
            } catch DiscordRESTError.rejected(_, let status, let body) {
                #expect(status == 413)
                #expect(body.contains("40005"))
            }
            let requests = await fake.requests()
            #expect(requests.map(\.status) == [400, 413])
            #expect(requests[0].violations.first?.hasPrefix("malformed multipart body") == true)
        }
    }

    @Test("A payload whose attachments do not match its files is refused before it is sent")
    func mismatchedPayloadNotSent() async throws {
        try await withFake { fake, rest in
            var payload = DiscordMessagePayload(content: "x")
            payload.files = [DiscordFile(filename: "a.txt", data: Data("a".utf8))]
            await #expect(throws: DiscordRESTError.self) {
                try await rest.createMessage(channelID: "1", payload, logger: Self.quiet)
            }
            #expect(await fake.requests().isEmpty)
        }
    }

    @Test("A boundary that occurs in the content is never used")
    func boundaryNotInContent() throws {
        let file = DiscordFile(filename: "log.txt", data: Data("a\r\n--taken\r\nb".utf8))
        var candidates = ["taken", "free"]
        let body = try DiscordRequestBody.multipart(json: Data("{}".utf8), files: [file]) { candidates.removeFirst() }
        #expect(body.contentType == "multipart/form-data; boundary=free")
        let text = String(decoding: body.bytes, as: UTF8.self)
        #expect(text.hasPrefix("--free\r\nContent-Disposition: form-data; name=\"payload_json\"\r\nContent-Type: application/json\r\n\r\n{}\r\n"))
        #expect(text.contains("--free\r\nContent-Disposition: form-data; name=\"files[0]\"; filename=\"log.txt\"\r\nContent-Type: text/plain; charset=utf-8\r\n\r\na\r\n--taken\r\nb\r\n--free--\r\n"))
        #expect(throws: DiscordRequestBody.NoBoundary.self) {
            try DiscordRequestBody.multipart(json: Data("{}".utf8), files: [file]) { "taken" }
        }
        #expect(DiscordRequestBody.randomBoundary() != DiscordRequestBody.randomBoundary())
        #expect(DiscordRequestBody.randomBoundary().count == "nexboard-".count + 32)
    }

    @Test("Over 10 MiB of output goes out as several messages of at most 8 MiB each, all accepted")
    func oversizeOutputSeveralMessages() async throws {
        try await withFake { fake, rest in
            let line = String(repeating: "0123456789", count: 10)
            let text = Array(repeating: line, count: 110_000).joined(separator: "\n")
            let message = Message(title: "Huge", text: text)
            let payloads = DiscordRenderer().render(message).payloads
            #expect(payloads.count == 2)
            for payload in payloads { _ = try await rest.createMessage(channelID: "9", payload, logger: Self.quiet) }
            let requests = await fake.requests()
            #expect(requests.allSatisfy { $0.status == 200 && $0.files.count == 1 && $0.files[0].data.count <= 8 * 1024 * 1024 })
            let rejoined = Data(requests.flatMap { $0.files.first?.data ?? Data() }) == Data(OutputFile.fullText(message).utf8)
            #expect(rejoined, "the uploaded parts joined are the full text")
        }
    }
}

@Suite("Long Discord replies end to end", .stopsWhatItStarts)
struct DiscordLongReplyEndToEndTests {
    @Test("A handler that answers 2,000 lines produces one message whose file holds the full text")
    func longReplyIsOneMessageWithFile() async throws {
        let text = (1...2000).map { "line \($0) of the output" }.joined(separator: "\n")
        let handler = StubRequestHandler { _, responder, _ in
            do {
                _ = try await responder.send(Message(title: "Task log", text: text))
                return .ok
            } catch {
                return .internalError
            }
        }
        try await DiscordHarness.run(handler: handler) { harness in
            try await harness.fake.waitForSession()
            let (_, token) = try await harness.fake.send(interaction: DiscordInteractionFixtures.slash(
                ["overview"], user: DiscordEndToEndTests.labOperator))
            let requests = try await harness.waitFor("the reply", token: token) { $0.contains { $0.isOriginalEdit } }
            try await Task.sleep(for: .milliseconds(100))
            let all = await harness.requests(token: token)
            #expect(all.first?.callbackType == 5)
            #expect(all.filter { $0.isOriginalEdit || $0.isFollowup }.count == 1, "one message")
            let reply = try #require(requests.first { $0.isOriginalEdit })
            #expect(reply.status == 200)
            #expect(reply.violations == [])
            let file = try #require(reply.files.first)
            #expect(file.filename == "task-log.txt")
            let complete = file.text == "Task log\n\n" + text + "\n"
            #expect(complete, "the file is the full text")
            #expect(reply.embedText.contains("… full output attached as task-log.txt (2002 lines)"))
        }
    }

    @Test("post puts a long channel message in one message with its file, and an edit to a short one drops the file")
    func postLongThenEditShort() async throws {
        try await DiscordHarness.run { harness in
            let text = (1...2000).map { "event \($0)" }.joined(separator: "\n")
            let handle = try await harness.platform.post(Message(title: "Events", text: text), to: "42", key: nil)
            try await harness.platform.edit(handle, Message(title: "Events", text: "cleared"), in: "42")
            let requests = await harness.fake.requests().filter { $0.path.hasPrefix("/channels/42/messages") }
            #expect(requests.map(\.method) == ["POST", "PATCH"])
            #expect(requests[0].files.map(\.filename) == ["events.txt"])
            #expect(requests[1].path == "/channels/42/messages/\(handle.value)")
            #expect(!requests[1].isMultipart)
            #expect((requests[1].json?["attachments"] as? [Any])?.isEmpty == true)
            #expect(requests.allSatisfy { $0.status == 200 })
        }
    }
}
