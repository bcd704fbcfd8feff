import NexBoardCore

/// `Markup` (`**bold**`, `` `code` ``, backslash escapes) cut into runs of text with their style, so
/// that a template can wrap each run in its tag and escape its text. Nothing in a run is markup any
/// more: an escaped `\<` is the text `<`, which the template escapes.
struct MarkupSegments: Sendable, Equatable {
    struct Segment: Sendable, Equatable {
        var text: String
        var bold = false
        var code = false
        /// A line break before nothing (`text` is empty).
        var lineBreak = false
    }

    var segments: [Segment]

    init(_ markup: String) {
        var segments: [Segment] = []
        var current = ""
        var bold = false
        var code = false
        func flush() {
            if !current.isEmpty { segments.append(Segment(text: current, bold: bold, code: code)) }
            current = ""
        }
        var characters = Array(Markup.withoutControls(markup))[...]
        while let character = characters.popFirst() {
            switch character {
            case "\n":
                flush()
                segments.append(Segment(text: "", lineBreak: true))
            case "`":
                flush()
                code.toggle()
            case "\\" where !code:
                if let next = characters.first, next.isASCII, next.isPunctuation || next.isSymbol {
                    current.append(next)
                    characters.removeFirst()
                } else {
                    current.append(character)
                }
            case "*" where !code && characters.first == "*":
                characters.removeFirst()
                flush()
                bold.toggle()
            default:
                current.append(character)
            }
        }
        flush()
        self.segments = segments
    }
}
