/*
 NexBoard's `Markup` → Slack mrkdwn (shared/reference/slack/docs: formatting).

 `**bold**` becomes `*bold*`, code spans stay code spans, a backslash-escaped character becomes
 itself. Slack gives `&`, `<` and `>` a meaning (entities, links, mentions such as <!channel>), so
 they are always written as `&amp;`, `&lt;`, `&gt;`: a guest note or a silence reason cannot ping a
 channel or hide a link. Slack has no escape for `*`, `_` and `~`; a literal one (escaped in Markup)
 gets a zero-width space after it, so that it cannot open or close formatting.
 */
import NexBoardCore

enum SlackMrkdwn {
    /// Markup as mrkdwn.
    static func from(_ markup: String) -> String {
        var result = ""
        let characters = Array(markup)
        var index = 0
        var inCode = false
        while index < characters.count {
            let character = characters[index]
            if inCode {
                if character == "`" { inCode = false }
                result += escaped(character)
                index += 1
                continue
            }
            switch character {
            case "\\" where index + 1 < characters.count:
                let next = characters[index + 1]
                result += escaped(next)
                if ["*", "_", "~", "`"].contains(next) { result += "\u{200B}" }
                index += 2
            case "*" where index + 1 < characters.count && characters[index + 1] == "*":
                result += "*"
                index += 2
            case "`":
                inCode = true
                result += "`"
                index += 1
            default:
                result += escaped(character)
                index += 1
            }
        }
        return result
    }

    /// Literal text (table cells, code, anything not markup) for mrkdwn: only `&`, `<`, `>` change.
    static func literal(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for character in text { result += escaped(character) }
        return result
    }

    private static func escaped(_ character: Character) -> String {
        switch character {
        case "&": "&amp;"
        case "<": "&lt;"
        case ">": "&gt;"
        default: String(character)
        }
    }
}
