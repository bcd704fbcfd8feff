import ChatDiscord
import Foundation
import NexBoardCore
import Testing

/// Golden files: Tests/ChatDiscordTests/Golden/<name>.json. Run with `NEXBOARD_UPDATE_GOLDEN=1` to rewrite them.
@Suite("The Discord renderer")
struct DiscordRendererTests {
    let renderer = DiscordRenderer()

    private func expectGolden(_ name: String, _ rendering: DiscordRendering, sourceLocation: SourceLocation = #_sourceLocation) throws {
        struct Golden: Encodable {
            var payloads: [DiscordMessagePayload]
            var storedCommands: [String: String]
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let data = try encoder.encode(Golden(payloads: rendering.payloads, storedCommands: rendering.storedCommands))
        let actual = String(decoding: data, as: UTF8.self) + "\n"
        let sourceURL = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Golden").appendingPathComponent("\(name).json")
        if ProcessInfo.processInfo.environment["NEXBOARD_UPDATE_GOLDEN"] == "1" {
            try actual.write(to: sourceURL, atomically: true, encoding: .utf8)
            return
        }
        let url = try #require(Bundle.module.url(forResource: name, withExtension: "json", subdirectory: "Golden"),
                               "missing golden file \(name).json", sourceLocation: sourceLocation)
        let expected = try String(contentsOf: url, encoding: .utf8)
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
        #expect(customID.hasPrefix(DiscordRenderer.storedKeyPrefix))
        #expect(customID.count <= 100)
        #expect(rendering.storedCommands[customID] == long)
        #expect(DiscordRenderer.storedKey(for: long) == customID)
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

    @Test("A long text is split over several embeds and messages, never cut")
    func longTextSplit() throws {
        let lines = (1...400).map { "line \($0): " + String(repeating: "a", count: 40) }
        let text = lines.joined(separator: "\n")
        let rendering = renderer.render(Message(title: "Log", text: text, buttons: [Button("Again", command: "overview")]))
        expectValid(rendering)
        #expect(rendering.payloads.count > 1)
        let descriptions = rendering.payloads.flatMap { $0.embeds ?? [] }.compactMap(\.description)
        #expect(descriptions.joined(separator: "\n") == text)
        #expect(rendering.payloads.last?.components != nil)
        #expect(rendering.payloads.dropLast().allSatisfy { $0.components == nil })
    }

    @Test("A long code block is split into several closed ``` blocks that keep every line")
    func longCodeSplit() throws {
        let code = (1...500).map { "\($0) " + String(repeating: "#", count: 30) }.joined(separator: "\n")
        let rendering = renderer.render(Message(code: code))
        expectValid(rendering)
        let blocks = rendering.payloads.flatMap { $0.embeds ?? [] }.compactMap(\.description)
        #expect(blocks.count > 1)
        #expect(blocks.allSatisfy { $0.hasPrefix("```\n") && $0.hasSuffix("\n```") })
        let rejoined = blocks.map { String($0.dropFirst(4).dropLast(4)) }.joined(separator: "\n")
        #expect(rejoined == code)
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
