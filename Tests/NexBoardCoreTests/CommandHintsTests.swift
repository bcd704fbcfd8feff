import NexBoardCore
import Testing

@Suite("Commands named in replies carry the platform's prefix")
struct CommandHintsTests {
    let hints = CommandHints(prefix: "!nex ", commandWords: ["help", "alert", "vm"])

    @Test("A code span that starts with a command gets the prefix; other spans and plain words do not")
    func prefixesCommandSpans() {
        #expect(hints.apply(toMarkup: "Type `help` for the list.") == "Type `!nex help` for the list.")
        #expect(hints.apply(toMarkup: "See `alert active`, then `alert ack 3`.") == "See `!nex alert active`, then `!nex alert ack 3`.")
        #expect(hints.apply(toMarkup: "There is no command `vmm`; help is `help`.") == "There is no command `vmm`; help is `!nex help`.")
        #expect(hints.apply(toMarkup: "Remove it with `qm destroy 125`.") == "Remove it with `qm destroy 125`.")
    }

    @Test("Escaped backticks, an unclosed span and a span already prefixed are left as they are")
    func leavesOddMarkupAlone() {
        #expect(hints.apply(toMarkup: #"a \`help\` b"#) == #"a \`help\` b"#)
        #expect(hints.apply(toMarkup: "open `help") == "open `help")
        #expect(hints.apply(toMarkup: "`!nex help`") == "`!nex help`")
        #expect(hints.apply(toMarkup: "``") == "``")
    }

    @Test("Title, text, field values and footer get it; tables and code blocks are literal and do not")
    func appliesToMarkupPartsOnly() {
        let message = Message(title: "Try `help`", text: "`vm list`", fields: [.init("`help`", "`help`")],
                              table: Table(headers: ["`help`"], rows: [["`help`"]]), code: "`help`", footer: "`alert list`")
        let shown = hints.apply(to: message)
        #expect(shown.title == "Try `!nex help`")
        #expect(shown.text == "`!nex vm list`")
        #expect(shown.fields.first?.name == "`help`")
        #expect(shown.fields.first?.value == "`!nex help`")
        #expect(shown.footer == "`!nex alert list`")
        #expect(shown.table == message.table)
        #expect(shown.code == "`help`")
    }

    @Test("Without a prefix (a terminal) nothing changes")
    func noPrefixNoChange() {
        let bare = CommandHints(prefix: "", commandWords: ["help"])
        #expect(bare.apply(toMarkup: "Type `help`.") == "Type `help`.")
    }
}
