@testable import ChatMatrix
import Foundation
import NexBoardCore
import NexBoardTesting
import Testing

/// Golden files: Tests/ChatMatrixTests/Golden/<name>.json. Run with `NEXBOARD_UPDATE_GOLDEN=1` to rewrite them.
@Suite("The Matrix renderer")
struct MatrixRendererTests {
    let renderer = MatrixRenderer()

    private func expectGolden(_ name: String, _ message: Message, sourceLocation: SourceLocation = #_sourceLocation) throws {
        struct Golden: Encodable {
            var content: MatrixMessageContent
            var reactions: [String]
        }
        let rendering = renderer.render(message)
        let actual = try GoldenFile.json(Golden(content: MatrixMessageContent(body: rendering.body, html: rendering.html),
                                                reactions: rendering.reactions.map { "\($0.key) \($0.command)" }))
        let expected = try GoldenFile.expected("\(name).json", for: actual, in: .module)
        #expect(actual == expected, "rendering differs from Golden/\(name).json", sourceLocation: sourceLocation)
    }

    @Test("A status reply: the severity as an emoji, the title in bold, fields as a definition list, the footer in italics")
    func status() throws {
        try expectGolden("status", Message(
            title: "vm 101 (web)", text: "Running on **pve1** for `3 days`.",
            fields: [.init("CPU", "12%"), .init("Tags", "prod, web")], footer: "cluster home", severity: .success))
    }

    @Test("A table and code are preformatted, in <pre><code>")
    func tableAndCode() throws {
        try expectGolden("table-code", Message(
            title: "Guests on homelab", table: Table(headers: ["VMID", "Name", "Status"], rows: [["100", "web01", "running"], ["101", "db", "stopped"]]),
            code: "line 1\nline 2"))
    }

    @Test("A confirmation's buttons become ✅ and ❌ reactions, not listed again under the question")
    func confirmation() throws {
        try expectGolden("confirmation", Message(
            title: "Stop VM 100 (web01) on pve2?", text: "Only you can confirm: react ✅ to confirm or ❌ to cancel.",
            buttons: [Button("Confirm", command: "confirm ab12", style: .danger), Button("Cancel", command: "cancel ab12")],
            severity: .pending))
    }

    @Test("Other buttons become keycap reactions, listed under the message")
    func alertButtons() throws {
        try expectGolden("alert", Message(
            title: "pve2 memory 93% for 5m", buttons: [Button("Acknowledge", command: "alert ack 7"), Button("Silence 1h", command: "alert silence 7 1h")],
            severity: .warning))
    }

    @Test("HTML in a guest name, a table cell, code or a typed argument is escaped, never markup")
    func hostileText() throws {
        let evil = "<img src=x onerror=alert(1)>&\"'"
        let message = Message(title: "Guest \(Markup.literal(evil))", text: "Unknown guest \(Markup.code(evil))",
                              fields: [.init(Markup.literal(evil), Markup.literal(evil))],
                              table: Table(headers: ["Name"], rows: [[evil]]), code: evil, footer: Markup.literal(evil))
        let html = renderer.render(message).html
        #expect(!html.contains("<img"))
        #expect(!html.contains("onerror=alert(1)>"))
        #expect(html.contains("&lt;img src=x onerror=alert(1)&gt;&amp;&quot;&#39;"))
        try expectGolden("hostile", message)
    }

    @Test("Markup runs: bold, code, escapes and line breaks")
    func markupSegments() {
        let segments = MarkupSegments("a **b `c`** \\*d\\*\ne `\\x`").segments
        #expect(segments == [
            .init(text: "a "), .init(text: "b ", bold: true), .init(text: "c", bold: true, code: true), .init(text: " *d*"),
            .init(text: "", lineBreak: true), .init(text: "e "), .init(text: "\\x", code: true),
        ])
    }

    @Test("A very long text is cut with a note, so a message stays within what clients show")
    func longText() {
        let rendering = renderer.render(Message(code: String(repeating: "x", count: 70_000)))
        #expect(rendering.body.count < MatrixRenderer.textLength + 200)
        #expect(rendering.body.contains("(cut:"))
    }

    @Test("An edit carries the new content and a fallback body marked with *")
    func editContent() throws {
        let content = MatrixMessageContent.edit(of: "$abc", body: "done", html: "<p>done</p>")
        let json = try #require(String(data: JSONEncoder().encode(content), encoding: .utf8))
        #expect(json.contains(#""rel_type":"m.replace""#))
        #expect(json.contains(#""m.new_content""#))
        #expect(content.body == "* done")
        #expect(content.mentions == MatrixMentions(), "an edit pings nobody")
    }
}
