import NexBoardCore
import Testing

@Suite("Markup: what users and Proxmox control cannot format a message")
struct MarkupTests {
    @Test("literal text escapes every markdown character, and reads back the same as plain text", arguments: [
        "a `tick`", "[click](https://evil.example)", "**bold** _it_ ~~gone~~ ||spoiler||", "# heading", "<@123> <#9>", "back\\slash",
    ])
    func literal(text: String) {
        let escaped = Markup.literal(text)
        for character in ["`", "[", "*", "_", "~", "|", "#", "<"] where text.contains(character) {
            #expect(escaped.contains("\\" + character), "\(character) in \(escaped)")
        }
        #expect(Markup.plain(escaped) == text)
    }

    @Test("a code span holds any text, backticks included")
    func code() {
        #expect(Markup.code("vm stop") == "`vm stop`")
        #expect(Markup.code("a`b``c") == "`aˋbˋˋc`")
    }

    @Test("plain text drops bold markers and keeps code spans")
    func plain() {
        #expect(Markup.plain("Cluster home: **not quorate**") == "Cluster home: not quorate")
        #expect(Markup.plain("alert silence `*` 1h") == "alert silence `*` 1h")
        #expect(Markup.plain("a \\* b") == "a * b")
    }

    @Test("control characters and ANSI sequences are removed; line breaks and tabs stay")
    func controls() {
        #expect(Markup.withoutControls("\u{1B}[31mred\u{1B}[0m ok") == "red ok")
        #expect(Markup.withoutControls("bell\u{07} back\u{08}space\r\nnext\tcol\u{9B}x") == "bell backspace\nnext\tcolx")
        #expect(Markup.withoutControls("\u{1B}]0;title") == "0;title")
        #expect(Markup.literal("\u{1B}[2Jclear") == "clear")
    }

    @Test("the terminal renderer prints no control character and no markup")
    func textRenderer() {
        let message = Message(title: "**Task log**", text: Markup.literal("it's *fine*"), code: "\u{1B}[32mTASK OK\u{1B}[0m\u{07}",
                              footer: "done\u{9B}")
        let rendered = TextRenderer().render(message)
        #expect(rendered.contains("Task log"))
        #expect(rendered.contains("it's *fine*"))
        #expect(rendered.contains("TASK OK"))
        #expect(!rendered.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" && $0 != "\t" })
        #expect(!rendered.unicodeScalars.contains { (0x7F...0x9F).contains($0.value) })
    }
}
