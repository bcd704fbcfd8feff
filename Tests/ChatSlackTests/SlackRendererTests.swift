import ChatKit
import ChatSlack
import Foundation
import NexBoardCore
import NexBoardTesting
import Testing

/// Golden files: Tests/ChatSlackTests/Golden/<name>.json. Run with `NEXBOARD_UPDATE_GOLDEN=1` to rewrite them.
@Suite("The Slack Block Kit renderer")
struct SlackRendererTests {
    let renderer = SlackRenderer()

    private func json(_ message: SlackMessage) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(message)
    }

    /// Every message of a rendering passes the checks Slack runs (the fake's validator).
    private func expectValid(_ rendering: SlackRendering, sourceLocation: SourceLocation = #_sourceLocation) throws {
        for message in rendering.messages {
            #expect(FakeSlack.blockKitViolations(try json(message)) == [], sourceLocation: sourceLocation)
            #expect(!message.text.isEmpty, "the text fallback is always set", sourceLocation: sourceLocation)
        }
    }

    private func expectGolden(_ name: String, _ rendering: SlackRendering, sourceLocation: SourceLocation = #_sourceLocation) throws {
        struct Golden: Encodable {
            var messages: [SlackMessage]
            var ephemeral: [Bool]
            var storedCommands: [String: String]
        }
        let actual = try GoldenFile.json(Golden(messages: rendering.messages, ephemeral: rendering.messages.map(\.ephemeral),
                                                storedCommands: rendering.storedCommands))
        let expected = try GoldenFile.expected("\(name).json", for: actual, in: .module)
        #expect(actual == expected, "rendering differs from Golden/\(name).json", sourceLocation: sourceLocation)
    }

    @Test("A status message: header with the severity's emoji, mrkdwn text, fields, footer")
    func statusGolden() throws {
        let rendering = renderer.render(Message(
            title: "VM 101 (web01)", text: "**running** on `pve2` since 3 days",
            fields: [.init("CPU", "12%"), .init("Memory", "2.1 GiB of 4 GiB"), .init("Notes", Markup.literal("<!channel> & *bold* <http://x|y>"))],
            footer: "homelab · updated just now", severity: .success))
        try expectValid(rendering)
        try expectGolden("status", rendering)
    }

    @Test("A table and code are preformatted blocks")
    func tableCodeGolden() throws {
        let table = Table(headers: ["VMID", "Name", "Status"], rows: [["100", "web01", "running"], ["101", "db<1>", "stopped"]])
        let rendering = renderer.render(Message(title: "Guests on homelab", table: table, code: "line 1\nline ``` 2", severity: .info))
        try expectValid(rendering)
        try expectGolden("table-code", rendering)
    }

    @Test("A confirmation: danger buttons carry Slack's confirm dialog, the others none")
    func confirmationGolden() throws {
        let rendering = renderer.render(Message(
            title: "Stop VM 100 (web01) on pve2?", text: "Only you can confirm. The buttons expire in 1 min.",
            buttons: [Button("Confirm", command: "confirm 7f3a --cluster homelab", style: .danger), Button("Cancel", command: "cancel 7f3a")],
            severity: .pending))
        try expectValid(rendering)
        try expectGolden("confirmation", rendering)
        let actions = rendering.messages[0].blocks.last
        guard case .actions(_, let elements)? = actions else {
            Issue.record("the buttons are the last block")
            return
        }
        #expect(elements.map(\.style) == ["danger", nil])
        #expect(elements[0].confirm != nil && elements[1].confirm == nil)
        #expect(elements.map(\.value) == ["confirm 7f3a --cluster homelab", "cancel 7f3a"])
    }

    @Test("A private error is ephemeral")
    func privateErrorGolden() throws {
        let rendering = renderer.render(.privateError("Not allowed. You may not stop guests."))
        try expectValid(rendering)
        try expectGolden("private-error", rendering)
        #expect(rendering.messages.allSatisfy { $0.ephemeral })
    }

    @Test("What users or Proxmox control cannot mention, link or format: &, < and > are escaped everywhere")
    func escaping() throws {
        let hostile = "<!channel> <@U123> <https://evil.example|click> & co"
        let rendering = renderer.render(Message(
            title: hostile, text: Markup.literal(hostile), fields: [.init(Markup.literal(hostile), Markup.literal(hostile))],
            table: Table(headers: ["note"], rows: [[hostile]]), code: hostile, buttons: [Button(hostile, command: "vm show 100", style: .danger)],
            footer: Markup.literal(hostile)))
        try expectValid(rendering)
        for block in rendering.messages[0].blocks {
            let text = String(decoding: try JSONEncoder().encode(block), as: UTF8.self)
            // Buttons are plain_text, which Slack shows as typed: only mrkdwn reads mentions and links.
            if case .actions = block { continue }
            if text.contains("mrkdwn") {
                #expect(!text.contains("<!channel>") && !text.contains("<@U123>") && !text.contains("<https://"), "\(text)")
            }
        }
        #expect(!rendering.messages[0].text.contains("<"), "the fallback is mrkdwn too")
        #expect(rendering.messages[0].text.contains("&lt;!channel&gt;"))
    }

    @Test("Long text is split at line ends into sections of at most 3,000 characters; nothing is lost")
    func longText() throws {
        let lines = (1...400).map { "line \($0) " + String(repeating: "x", count: 20) }
        let rendering = renderer.render(Message(title: "Log", text: lines.joined(separator: "\n")))
        try expectValid(rendering)
        let sections = rendering.messages.flatMap(\.blocks).compactMap { block -> String? in
            if case .section(let text?, nil) = block { return text.text }
            return nil
        }
        #expect(sections.count > 1)
        #expect(sections.allSatisfy { $0.count <= SlackLimits.textObject })
        #expect(sections.joined(separator: "\n").contains("line 400 "))
    }

    @Test("More than 50 blocks continue in further messages, the buttons on the last")
    func manyBlocks() throws {
        let fields = (1...600).map { Message.Field("f\($0)", String(repeating: "v", count: 10)) }
        let rendering = renderer.render(Message(title: "Many", fields: fields, buttons: [Button("Refresh", command: "overview")]))
        try expectValid(rendering)
        #expect(rendering.messages.count == 2)
        #expect(rendering.messages.allSatisfy { $0.blocks.count <= SlackLimits.blocksPerMessage })
        #expect(rendering.messages.last?.blocks.last.map { if case .actions = $0 { true } else { false } } == true)
        let fieldCount = rendering.messages.flatMap(\.blocks).reduce(0) { count, block in
            if case .section(nil, let fields?) = block { return count + fields.count }
            return count
        }
        #expect(fieldCount == 600)
    }

    @Test("A title over 150 characters is shortened in the header and given whole after it")
    func longTitle() throws {
        let title = String(repeating: "t", count: 200)
        let rendering = renderer.render(Message(title: title))
        try expectValid(rendering)
        guard case .header(let header) = rendering.messages[0].blocks[0] else {
            Issue.record("a header first")
            return
        }
        #expect(header.text.count == SlackLimits.header)
        #expect(rendering.messages[0].blocks.contains { block in
            if case .section(let text?, _) = block { return text.text.contains(title) }
            return false
        })
    }

    @Test("Over 25 buttons make several actions blocks; a command over 2,000 characters is stored under a key")
    func manyButtons() throws {
        let long = "vm list --tag " + String(repeating: "a", count: 2100)
        let buttons = (1...30).map { Button("B\($0)", command: "vm show \($0)") } + [Button(String(repeating: "L", count: 90), command: long)]
        let rendering = renderer.render(Message(title: "Buttons", buttons: buttons))
        try expectValid(rendering)
        let actionBlocks = rendering.messages.flatMap(\.blocks).filter { if case .actions = $0 { true } else { false } }
        #expect(actionBlocks.count == 2)
        let key = try #require(rendering.storedCommands.first { $0.value == long }?.key)
        #expect(key.hasPrefix(ButtonCommands.keyPrefix))
    }

    @Test("A message with nothing in it still has a block and a fallback")
    func empty() throws {
        let rendering = renderer.render(Message())
        try expectValid(rendering)
        #expect(rendering.messages.count == 1 && !rendering.messages[0].blocks.isEmpty)
    }

    @Test("Output past one block in a channel message goes as a file: a preview ending with the notice, the whole text in the file")
    func longOutputAttached() throws {
        let code = (1...300).map { "line \($0) " + String(repeating: "y", count: 30) }.joined(separator: "\n")
        let rendering = renderer.render(Message(title: "Task log · VM 101", code: code, buttons: [Button("Again", command: "tasks show 1")]))
        try expectValid(rendering)
        #expect(rendering.messages.count == 1)
        #expect(rendering.files.map(\.filename) == ["task-log-vm-101.txt"])
        let file = String(decoding: rendering.files[0].data, as: UTF8.self)
        #expect(file.hasPrefix("Task log · VM 101\n\n") && file.contains("line 300 "))
        let shown = try String(decoding: json(rendering.messages[0]), as: UTF8.self)
        #expect(shown.contains("line 20 ") && !shown.contains("line 21 "), "20 lines of preview")
        #expect(shown.contains("full output attached as task-log-vm-101.txt (302 lines)"))
        #expect(rendering.messages[0].text == ":information_source: Task log · VM 101", "the notification names the output")
        #expect(rendering.messages[0].blocks.contains { if case .actions = $0 { true } else { false } }, "the buttons stay on the message")
    }

    @Test("A private reply cannot carry files: it keeps its whole text and says so; short output attaches nothing")
    func privateLongOutput() throws {
        let code = (1...300).map { "line \($0) " + String(repeating: "y", count: 30) }.joined(separator: "\n")
        let rendering = renderer.render(Message(title: "Log", code: code, visibility: .requester))
        try expectValid(rendering)
        #expect(rendering.files.isEmpty)
        let shown = try rendering.messages.map { String(decoding: try json($0), as: UTF8.self) }.joined()
        #expect(shown.contains("line 300 "))
        #expect(shown.contains("Private replies in Slack cannot carry files"))
        #expect(renderer.render(Message(title: "Short", code: "one line")).files.isEmpty)
    }

    @Test("A picture goes with a channel message; a private reply says it cannot show it")
    func picture() throws {
        let image = Message.Image(filename: "cpu.png", bytes: [1, 2, 3], altText: "CPU over 24 h")
        #expect(renderer.render(Message(title: "CPU", code: "▁▃▅", image: image)).image == image)
        let privately = renderer.render(Message(title: "CPU", code: "▁▃▅", image: image, visibility: .requester))
        #expect(privately.image == nil)
        #expect(try String(decoding: json(privately.messages[0]), as: UTF8.self).contains("cannot carry pictures"))
    }
}
