import AsyncHTTPClient
import ChatKit
import ChatSlack
import Foundation
import NexBoardCore
import NexBoardTesting
import TestScopes
import Testing

/// Long output and pictures as files, through Slack's three upload steps on the fake Slack.
@Suite("Slack file uploads", .stopsWhatItStarts)
struct SlackUploadTests {
    typealias H = SlackHarness

    /// A handler that answers every request with `message`.
    static func answering(_ message: Message) -> StubRequestHandler {
        StubRequestHandler(handle: { _, responder, _ in
            _ = try? await responder.send(message)
            return .ok
        }, admit: { _ in .accepted(visibility: message.visibility, slow: false) })
    }

    /// A task log of `lines` numbered lines.
    static func log(_ lines: Int) -> String {
        (1...lines).map { "line \($0): qmp command 'backup' finished for drive-scsi0" }.joined(separator: "\n")
    }

    @Test("Long vm list output arrives as a preview in the reply and the whole table as a .txt file in the channel")
    func longVMList() async throws {
        try await H.run(guests: 80) { harness in
            try await harness.waitUntilUp()
            let sent = try await harness.fake.sendSlashCommand("vm list", user: H.viewer)
            let files = try await harness.waitForFiles("the output file", in: "C0GENERAL") { !$0.isEmpty }
            let file = try #require(files.first)
            #expect(file.filename.hasSuffix(".txt"))
            #expect(file.title?.hasPrefix("Full output") == true)
            // Every row of the list is in the file.
            let table = try #require(await harness.app.send("vm list", as: TestApplication.viewer).replies.last?.table)
            #expect(table.rows.count > 50)
            #expect(table.rows.allSatisfy { row in file.text.contains(row[0]) && file.text.contains(row[1]) })
            // The reply went before the file: in the acknowledgement, or posted on a slow machine.
            let acknowledged = await harness.fake.responses(to: sent).first
            let posted = await harness.fake.messages(in: "C0GENERAL").first { $0.latest.method == "chat.postMessage" }?.latest
            let reply = acknowledged ?? posted
            let shown = try #require(reply).shownText
            #expect(shown.contains("full output attached as \(file.filename)"))
            #expect(shown.count < file.text.count, "a preview, not the whole table")
            #expect(await harness.fake.requests().allSatisfy { $0.violations.isEmpty })
        }
    }

    @Test("A picture is uploaded after its message, its alt text as its title and alt text")
    func image() async throws {
        let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + Array(repeating: 7, count: 300)
        let message = Message(title: "CPU of web01, 24 h", code: "▁▂▃▅▇▅▃▂", footer: "max 71%",
                              image: Message.Image(filename: "cpu-web01-24h.png", bytes: png, altText: "CPU of web01 over 24 hours, peaking at 71%"))
        try await H.run(handler: Self.answering(message)) { harness in
            try await harness.waitUntilUp()
            try await harness.fake.sendSlashCommand("monitor vm web01", user: H.viewer)
            let file = try #require(try await harness.waitForFiles("the picture", in: "C0GENERAL") { !$0.isEmpty }.first)
            #expect(file.filename == "cpu-web01-24h.png")
            #expect(file.title == "CPU of web01 over 24 hours, peaking at 71%")
            #expect(file.altText == file.title)
            #expect(file.data == Data(png))
            let upload = try #require(await harness.fake.requests().first { $0.method == "files.getUploadURLExternal" })
            #expect(upload.isForm)
            #expect(upload.string("length") == String(png.count))
        }
    }

    @Test("When Slack refuses the file, the whole output still arrives as text with a note saying why")
    func refusedUpload() async throws {
        let message = Message(title: "Task log", code: Self.log(300), buttons: [Button("Show task", command: "tasks show 1")])
        try await H.run(before: { await $0.fail(method: "files.completeUploadExternal", with: "invalid_arguments") }) { harness in
            try await harness.waitUntilUp()
            let handle = try await harness.platform.post(message, to: "C0ALERTS", key: "outbox-9")
            let messages = await harness.fake.messages(in: "C0ALERTS")
            #expect(messages.first?.ts == handle.value, "the preview, with the buttons, is the message edits reach")
            #expect(messages.first?.latest.buttonValues == ["tasks show 1"])
            let shown = messages.map(\.latest.shownText).joined(separator: "\n")
            #expect(shown.contains("Slack did not take the file task-log.txt (invalid_arguments)"))
            #expect((1...300).allSatisfy { shown.contains("line \($0): qmp") }, "nothing lost")
            #expect(await harness.fake.files(in: "C0ALERTS").isEmpty)
            #expect(await harness.fake.requests().allSatisfy { $0.violations.isEmpty })
        }
    }

    @Test("A command reply whose file Slack refuses: the preview, then the whole output as text with the note")
    func refusedUploadOfAReply() async throws {
        let message = Message(title: "Task log", code: Self.log(200))
        try await H.run(handler: Self.answering(message), before: { await $0.fail(method: "file_upload", with: "bad upload") }) { harness in
            try await harness.waitUntilUp()
            let sent = try await harness.fake.sendSlashCommand("tasks log 1", user: H.viewer)
            let posted = try await harness.waitForRequests("the output as text") { requests in
                requests.contains { $0.method == "chat.postMessage" && $0.shownText.contains("Slack did not take the file task-log.txt (http_400)") }
            }.filter { $0.method == "chat.postMessage" }.map(\.shownText).joined(separator: "\n")
            #expect((1...200).allSatisfy { posted.contains("line \($0): qmp") })
            let preview = await harness.fake.responses(to: sent).map(\.shownText).joined() + posted
            #expect(preview.contains("full output attached as task-log.txt"))
            #expect(await harness.fake.files(in: "C0GENERAL").isEmpty)
        }
    }

    @Test("A private reply too long for one block keeps its whole text, says it cannot carry files, and uploads nothing")
    func privateReply() async throws {
        let message = Message(title: "Task log", code: Self.log(200), visibility: .requester)
        try await H.run(handler: Self.answering(message)) { harness in
            try await harness.waitUntilUp()
            let sent = try await harness.fake.sendSlashCommand("tasks log 1", user: H.viewer)
            let replies = try await harness.fake.waitForResponses("the private reply", to: sent) { responses in
                responses.contains { $0.shownText.contains("cannot carry files") }
            }
            #expect(replies.filter { $0.method == "response_url" }.allSatisfy { $0.responseType == "ephemeral" })
            let shown = replies.map(\.shownText).joined(separator: "\n")
            #expect((1...200).allSatisfy { shown.contains("line \($0): qmp") })
            #expect(await harness.fake.uploads().isEmpty)
        }
    }

    @Test("A picture Slack does not take leaves a note; the message shows the graph as text")
    func refusedImage() async throws {
        let message = Message(title: "CPU of web01", code: "▁▂▃▅▇", image: Message.Image(filename: "cpu.png", bytes: [1, 2, 3], altText: "CPU"))
        try await H.run(before: { await $0.fail(method: "files.getUploadURLExternal", with: "file_uploads_disabled") }) { harness in
            try await harness.waitUntilUp()
            _ = try await harness.platform.post(message, to: "C0ALERTS", key: nil)
            let shown = await harness.fake.messages(in: "C0ALERTS").map(\.latest.shownText)
            #expect(shown.count == 2)
            #expect(shown.first?.contains("▁▂▃▅▇") == true)
            #expect(shown.last?.contains("could not be uploaded (file_uploads_disabled)") == true)
        }
    }

    @Test("Output split over several files goes up as parts, all of it")
    func splitFiles() async throws {
        let log = Self.log(400)
        try await H.run(renderer: SlackRenderer(fileByteLimit: 8_000)) { harness in
            try await harness.waitUntilUp()
            _ = try await harness.platform.post(Message(title: "Task log", code: log), to: "C0ALERTS", key: nil)
            let files = await harness.fake.files(in: "C0ALERTS")
            #expect(files.count > 1)
            #expect(files.map(\.filename).first == "task-log-part1.txt")
            #expect(files.map(\.text).joined().contains(log))
        }
    }

    @Test("The fake checks uploads as Slack does: a length of 0, no name, the wrong byte count, an unknown file; a shared file is in the history")
    func fakeUploadChecks() async throws {
        let fake = try await FakeSlack.start(logger: H.quiet)
        func post(_ url: String, _ body: String, contentType: String = "application/x-www-form-urlencoded") async throws -> (Int, Data) {
            var request = HTTPClientRequest(url: url)
            request.method = .POST
            request.headers.add(name: "Authorization", value: "Bearer \(fake.botToken)")
            request.headers.add(name: "Content-Type", value: contentType)
            request.body = .bytes(Array(body.utf8))
            let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
            return (Int(response.status.code), Data(try await response.body.collect(upTo: 1 << 20).readableBytesView))
        }
        func call(_ method: String, _ body: String, json: Bool = false) async throws -> [String: Any] {
            let (_, data) = try await post("\(fake.apiURL)/\(method)", body, contentType: json ? "application/json" : "application/x-www-form-urlencoded")
            return try JSONSerialization.jsonObject(with: data) as? [String: Any] ?? [:]
        }
        #expect(try await call("files.getUploadURLExternal", "filename=a.txt&length=0")["error"] as? String == "missing_argument")
        #expect(try await call("files.getUploadURLExternal", "length=3")["error"] as? String == "invalid_arguments")
        let target = try await call("files.getUploadURLExternal", "filename=a.txt&length=3")
        let url = try #require(target["upload_url"] as? String)
        let id = try #require(target["file_id"] as? String)
        #expect(url.hasPrefix("http://127.0.0.1:"))
        #expect(try await call("files.completeUploadExternal", #"{"files":[{"id":"\#(id)"}],"channel_id":"C0X"}"#, json: true)["error"] as? String
                == "invalid_arguments", "not uploaded yet")
        #expect(try await post(url, "abcd").0 == 400, "more bytes than declared")
        #expect(try await post(url, "abc").0 == 200)
        #expect(try await call("files.completeUploadExternal", #"{"files":[{"id":"F0NONE"}],"channel_id":"C0X"}"#, json: true)["error"] as? String
                == "invalid_arguments")
        let done = try await call("files.completeUploadExternal", #"{"files":[{"id":"\#(id)","title":"A"}],"channel_id":"C0X"}"#, json: true)
        #expect(done["ok"] as? Bool == true)
        #expect(await fake.files(in: "C0X").map(\.text) == ["abc"])
        let history = try await call("conversations.history", "channel=C0X")
        let shared = (history["messages"] as? [[String: Any]])?.first?["files"] as? [[String: Any]]
        #expect(shared?.first?["title"] as? String == "A")
        await fake.stop()
    }
}
