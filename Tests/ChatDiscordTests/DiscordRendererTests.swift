import ChatKit
import ChatDiscord
import Foundation
import NexBoardCore
import NexBoardTesting
import Testing

/// Golden files: Tests/ChatDiscordTests/Golden/<name>.json. Run with `NEXBOARD_UPDATE_GOLDEN=1` to rewrite them.
@Suite("The Discord renderer")
struct DiscordRendererTests {
    let renderer = DiscordRenderer()

    private func expectGolden(_ name: String, _ rendering: DiscordRendering, sourceLocation: SourceLocation = #_sourceLocation) throws {
        /// The files beside the JSON: name, type, size and line count (their content is checked by the tests).
        struct File: Encodable {
            var payload: Int
            var filename: String
            var contentType: String
            var bytes: Int
            var lines: Int
        }
        struct Golden: Encodable {
            var payloads: [DiscordMessagePayload]
            var storedCommands: [String: String]
            var files: [File]?
        }
        var files: [File] = []
        for (index, payload) in rendering.payloads.enumerated() {
            for file in payload.files {
                let lines = file.data.reduce(0) { count, byte in byte == 0x0A ? count + 1 : count }
                files.append(File(payload: index, filename: file.filename, contentType: file.contentType, bytes: file.data.count, lines: lines))
            }
        }
        let actual = try GoldenFile.json(Golden(payloads: rendering.payloads, storedCommands: rendering.storedCommands,
                                                files: files.isEmpty ? nil : files))
        let expected = try GoldenFile.expected("\(name).json", for: actual, in: .module)
        #expect(actual == expected, "rendering differs from Golden/\(name).json", sourceLocation: sourceLocation)
    }

    private func expectValid(_ rendering: DiscordRendering, sourceLocation: SourceLocation = #_sourceLocation) {
        for payload in rendering.payloads {
            #expect(DiscordLimits.violations(of: payload) == [], sourceLocation: sourceLocation)
        }
    }

    @Test("A status reply becomes one embed with title, text, fields, colour and footer")
    func statusEmbed() throws {
        let message = Message(title: "vm 101 (web)", text: "Running on pve1 for 3 days.",
                              fields: [.init("CPU", "12%"), .init("Memory", "1.2 GiB / 4 GiB"), .init("Tags", "prod, web", inline: false)],
                              footer: "cluster home", severity: .success)
        let rendering = renderer.render(message)
        expectValid(rendering)
        try expectGolden("status", rendering)
    }

    @Test("A table and code become ``` blocks in the description")
    func tableAndCode() throws {
        let message = Message(title: "Guests", table: Table(headers: ["VMID", "Name", "State"], rows: [["101", "web", "running"], ["102", "db", "stopped"]],
                                                            alignments: [.right, .left, .left]),
                              code: "task log with ``` inside")
        let rendering = renderer.render(message)
        expectValid(rendering)
        try expectGolden("table-code", rendering)
    }

    @Test("A confirmation has Confirm and Cancel buttons whose custom_id is the command")
    func confirmationButtons() throws {
        let message = Message(title: "Stop vm 101 (web)?", text: "This stops the guest.", buttons: [
            Button("Confirm", command: "confirm abc123", style: .danger), Button("Cancel", command: "cancel abc123"),
        ], severity: .warning)
        let rendering = renderer.render(message)
        expectValid(rendering)
        try expectGolden("confirmation", rendering)
        #expect(rendering.payloads[0].components?[0].components.map(\.customID) == ["confirm abc123", "cancel abc123"])
    }

    @Test("A picture on a message with only buttons gets an embed of its own to show it; its alt text is cut to Discord's 1,024")
    func pictureWithoutText() throws {
        let image = Message.Image(filename: "graph.png", bytes: [0x89, 0x50, 0x4E, 0x47], altText: String(repeating: "a", count: 3_000))
        let payloads = renderer.render(Message(buttons: [Button("Again", command: "monitor node pve1")], image: image, visibility: .requester)).payloads
        let payload = try #require(payloads.first)
        #expect(payloads.count == 1)
        #expect(payload.embeds?.first?.image?.url == "attachment://graph.png")
        #expect(payload.files.map(\.contentType) == ["image/png"])
        #expect(payload.attachments?.first?.description?.count == DiscordLimits.attachmentDescription)
        #expect(payload.components?.count == 1 && payload.flags == DiscordMessagePayload.ephemeralFlag)
        #expect(renderer.render(Message(title: "no picture")).payloads[0].embeds?.first?.image == nil)
    }

    @Test("A private reply is ephemeral")
    func privateIsEphemeral() throws {
        let rendering = renderer.render(.privateError("You may not stop vm 101."))
        expectValid(rendering)
        try expectGolden("private-error", rendering)
        #expect(rendering.payloads.allSatisfy { $0.flags == 64 })
    }

    @Test("A command too long for a custom_id is replaced by a stored key")
    func longCommandStored() throws {
        let long = "vm tag add 101 " + String(repeating: "x", count: 120)
        let rendering = renderer.render(Message(text: "Tags", buttons: [Button("Add", command: long)]))
        expectValid(rendering)
        let customID = try #require(rendering.payloads.last?.components?.first?.components.first?.customID)
        #expect(customID.hasPrefix(ButtonCommands.keyPrefix))
        #expect(customID.count <= 100)
        #expect(rendering.storedCommands[customID] == long)
        #expect(ButtonCommands.key(for: long) == customID)
    }

    @Test("Buttons are laid out five per row, five rows per message, the rest on another message")
    func manyButtons() {
        let buttons = (1...27).map { Button("B\($0)", command: "vm start \($0)") }
        let rendering = renderer.render(Message(text: "Pick", buttons: buttons))
        expectValid(rendering)
        #expect(rendering.payloads.count == 2)
        #expect(rendering.payloads[0].components?.map(\.components.count) == [5, 5, 5, 5, 5])
        #expect(rendering.payloads[1].components?.map(\.components.count) == [2])
    }

    @Test("A text a little over one embed is split over two embeds of one message, never cut")
    func mediumTextSplit() throws {
        let lines = (1...100).map { "line \($0): " + String(repeating: "a", count: 40) }
        let text = lines.joined(separator: "\n")
        let rendering = renderer.render(Message(title: "Log", text: text, buttons: [Button("Again", command: "overview")]))
        expectValid(rendering)
        #expect(rendering.payloads.count == 1)
        #expect(rendering.payloads[0].files.isEmpty)
        let descriptions = rendering.payloads.flatMap { $0.embeds ?? [] }.compactMap(\.description)
        #expect(descriptions.count == 2)
        #expect(descriptions.joined(separator: "\n") == text)
        #expect(rendering.payloads[0].components != nil)
    }

    @Test("A long text becomes one message with a preview and the full text attached, never cut")
    func longTextAttached() throws {
        let lines = (1...400).map { "line \($0): " + String(repeating: "a", count: 40) }
        let text = lines.joined(separator: "\n")
        let message = Message(title: "Log", text: text, buttons: [Button("Again", command: "overview")])
        let rendering = renderer.render(message)
        expectValid(rendering)
        #expect(rendering.payloads.count == 1)
        let payload = rendering.payloads[0]
        #expect(payload.embeds?.count == 1)
        #expect(payload.components != nil)
        let file = try #require(payload.files.first)
        #expect(file.filename == "log.txt")
        #expect(String(decoding: file.data, as: UTF8.self) == "Log\n\n" + text + "\n")
        #expect(payload.attachments == [DiscordAttachment(id: 0, filename: "log.txt", description: "Full output: Log")])
        let description = try #require(payload.embeds?[0].description)
        #expect(description.hasPrefix("line 1: "))
        #expect(description.hasSuffix("… full output attached as log.txt (402 lines)"))
    }

    @Test("A long code block is attached whole; the preview is a closed ``` block")
    func longCodeAttached() throws {
        let code = (1...500).map { "\($0) " + String(repeating: "#", count: 30) }.joined(separator: "\n")
        let rendering = renderer.render(Message(code: code))
        expectValid(rendering)
        #expect(rendering.payloads.count == 1)
        let file = try #require(rendering.payloads[0].files.first)
        #expect(file.filename == "nexboard-output.txt")
        #expect(String(decoding: file.data, as: UTF8.self) == code + "\n")
        let description = try #require(rendering.payloads[0].embeds?.first?.description)
        #expect(description.hasPrefix("```\n1 ###"))
        #expect(description.contains("\n```\n… full output attached as nexboard-output.txt (500 lines)"))
    }

    @Test("A long task log renders as one embed with a preview and the whole log as task-log-vm-101.txt")
    func longTaskLogGolden() throws {
        let log = (1...2000).map { String(format: "%04d INFO: transferred %d MiB of 32 GiB (%.1f%%)", $0, $0 * 16, Double($0) / 20) }
            .joined(separator: "\n")
        let message = Message(title: "Task log · VM 101", text: log, fields: [.init("Node", "pve1"), .init("Status", "OK")],
                              buttons: [Button("Refresh", command: "task log pve1 101")], footer: "UPID:pve1:0001", severity: .success)
        let rendering = renderer.render(message)
        expectValid(rendering)
        try expectGolden("task-log-attached", rendering)
        #expect(rendering.payloads.count == 1)
        let file = try #require(rendering.payloads[0].files.first)
        #expect(file.filename == "task-log-vm-101.txt")
        #expect(file.contentType == "text/plain; charset=utf-8")
        #expect(String(decoding: file.data, as: UTF8.self) == OutputFile.fullText(message))
        #expect(String(decoding: file.data, as: UTF8.self).contains(log))
    }

    @Test("A 500-row table is attached rendered as text, the preview shows its first rows")
    func bigTableGolden() throws {
        let rows = (1...500).map { ["\(100 + $0)", "guest-\($0)", $0 % 3 == 0 ? "stopped" : "running", "pve\($0 % 3 + 1)"] }
        let table = Table(headers: ["VMID", "Name", "State", "Node"], rows: rows, alignments: [.right, .left, .left, .left])
        let message = Message(title: "Guests", table: table, severity: .info)
        let rendering = renderer.render(message)
        expectValid(rendering)
        try expectGolden("table-500-attached", rendering)
        let file = try #require(rendering.payloads[0].files.first)
        #expect(file.filename == "guests.txt")
        #expect(String(decoding: file.data, as: UTF8.self) == "Guests\n\n" + TextRenderer.renderTable(table) + "\n")
    }

    @Test("A private long reply keeps the ephemeral flag with its file")
    func privateAttachedIsEphemeral() throws {
        let message = Message(title: "Your tokens", text: String(repeating: "token line\n", count: 1000), visibility: .requester)
        let rendering = renderer.render(message)
        #expect(rendering.payloads.count == 1)
        #expect(rendering.payloads[0].flags == 64)
        #expect(rendering.payloads[0].files.count == 1)
    }

    @Test("Output over the file size limit is split into several files at line ends, one per message, nothing lost")
    func oversizeFileSplit() throws {
        let small = DiscordRenderer(fileByteLimit: 4096)
        let log = (1...1000).map { "line \($0) é✓ " + String(repeating: "x", count: $0 % 50) }.joined(separator: "\n")
        let message = Message(title: "Big log", text: log, buttons: [Button("Again", command: "overview")])
        let rendering = small.render(message)
        expectValid(rendering)
        #expect(rendering.payloads.count > 2)
        #expect(rendering.payloads[0].components != nil, "the buttons are on the message with the embed")
        #expect(rendering.payloads.dropFirst().allSatisfy { $0.components == nil && $0.files.count == 1 && $0.embeds == nil })
        let files = rendering.payloads.flatMap(\.files)
        #expect(files.allSatisfy { $0.data.count <= 4096 })
        #expect(files.map(\.filename).prefix(2) == ["big-log-part1.txt", "big-log-part2.txt"])
        #expect(files.dropLast().allSatisfy { $0.data.last == 0x0A }, "parts end at line ends")
        let rejoined = Data(files.flatMap(\.data)) == Data(OutputFile.fullText(message).utf8)
        #expect(rejoined, "the parts joined are the full text")
        #expect(rendering.payloads.allSatisfy { $0.attachments?.map(\.id) == $0.files.indices.map { $0 } })
    }

    @Test("A single line longer than the file limit is split between characters, never inside one")
    func oversizeLineSplit() {
        let small = DiscordRenderer(fileByteLimit: 100)
        let message = Message(text: String(repeating: "é", count: 7000))
        let files = small.render(message).payloads.flatMap(\.files)
        #expect(files.count > 1)
        #expect(files.allSatisfy { $0.data.count <= 100 && String(data: $0.data, encoding: .utf8) != nil })
        let rejoined = Data(files.flatMap(\.data)) == Data(OutputFile.fullText(message).utf8)
        #expect(rejoined, "the parts joined are the full text")
    }

    @Test("A preview that cuts a ``` block in the text closes it before the attachment line")
    func previewClosesCodeFence() throws {
        let text = "Output:\n```\n" + (1...300).map { "row \($0) " + String(repeating: "-", count: 30) }.joined(separator: "\n") + "\n```"
        let rendering = renderer.render(Message(title: "Run", text: text))
        expectValid(rendering)
        let description = try #require(rendering.payloads[0].embeds?.first?.description)
        #expect(description.components(separatedBy: "```").count == 3)
        #expect(description.hasSuffix("```\n… full output attached as run.txt (305 lines)"))
    }

    @Test("File names are slugs of the title")
    func slugs() {
        #expect(OutputFile.slug("Task log · VM 101") == "task-log-vm-101")
        #expect(OutputFile.slug("  Sauvegarde réussie: «web»!  ") == "sauvegarde-reussie-web")
        #expect(OutputFile.slug("🔥🔥") == "nexboard-output")
        #expect(OutputFile.slug(nil) == "nexboard-output")
        #expect(OutputFile.slug(String(repeating: "a", count: 100)).count == 60)
    }

    @Test("A field value over 1024 characters continues in further fields, and over 25 fields continue in another embed")
    func manyAndLongFields() throws {
        var fields = (1...30).map { Message.Field("F\($0)", "v\($0)") }
        fields[0] = Message.Field("Long", String(repeating: "z", count: 1500))
        let rendering = renderer.render(Message(title: "Fields", fields: fields))
        expectValid(rendering)
        let all = rendering.payloads.flatMap { $0.embeds ?? [] }.flatMap { $0.fields ?? [] }
        #expect(all.count == 31)
        #expect(all[0].value + all[1].value == String(repeating: "z", count: 1500))
        #expect(all[1].name == "Long (continued)")
        #expect(rendering.payloads.flatMap { $0.embeds ?? [] }.count >= 2)
    }

    @Test("A message with only buttons still renders and an empty message gets a placeholder")
    func edgeCases() {
        let onlyButtons = renderer.render(Message(buttons: [Button("Go", command: "overview")]))
        expectValid(onlyButtons)
        let empty = renderer.render(Message())
        expectValid(empty)
        #expect(empty.payloads.count == 1)
    }
}
