import NexBoardCore

/// Turns a chat `Message` into an email: a subject with the severity in front ("[CRITICAL] pve2
/// memory 93% for 5m", the one mapping of `AlertSeverity`), the plain text of `TextRenderer`, and a simple HTML version. Email has no
/// buttons, so they become the chat commands they would have run.
public struct EmailRenderer: Sendable {
    public init() {}

    /// `[SEVERITY] title`, without the title's leading symbol (🔔, ✔…); at most 200 characters.
    public func subject(for message: Message) -> String {
        let message = message.plain
        let headline = message.title ?? message.text?.split(separator: "\n").first.map(String.init) ?? "NexBoard notification"
        let subject = "[\(message.severity.notificationLabel.uppercased())] \(Self.withoutLeadingSymbols(headline))"
        return Clip.characters(subject, limit: 200)
    }

    /// The message as `TextRenderer` shows it in a terminal, buttons replaced by their commands.
    public func plainText(for message: Message) -> String {
        var withoutButtons = message
        withoutButtons.buttons = []
        var text = TextRenderer().render(withoutButtons)
        if !message.buttons.isEmpty {
            text += "\n\nIn chat:\n" + message.buttons.map { "  \($0.command)   (\($0.label))" }.joined(separator: "\n")
        }
        return text + "\n\n-- \nSent by NexBoard\n"
    }

    /// A small HTML page: title, text, fields, the table (as `TextRenderer` aligns it), code, the
    /// buttons' commands and the footer, with a bar in the severity's colour.
    public func html(for message: Message) -> String {
        let message = message.plain
        var body: [String] = []
        if let title = message.title {
            body.append("<h2 style=\"margin:0 0 8px 0\">\(Self.escape(title))</h2>")
        }
        if let text = message.text {
            body.append("<p>\(Self.escape(text).replacingOccurrences(of: "\n", with: "<br>\n"))</p>")
        }
        if !message.fields.isEmpty {
            let rows = message.fields.map {
                "<tr><th align=\"left\" style=\"padding-right:12px\">\(Self.escape($0.name))</th><td>\(Self.escape($0.value))</td></tr>"
            }
            body.append("<table>\n\(rows.joined(separator: "\n"))\n</table>")
        }
        if let table = message.table {
            body.append("<pre style=\"font-family:monospace\">\(Self.escape(TextRenderer.renderTable(table)))</pre>")
        }
        if let code = message.code {
            body.append("<pre style=\"font-family:monospace\">\(Self.escape(code))</pre>")
        }
        if !message.buttons.isEmpty {
            let commands = message.buttons.map { "<code>\(Self.escape($0.command))</code> (\(Self.escape($0.label)))" }
            body.append("<p>In chat: \(commands.joined(separator: ", "))</p>")
        }
        if let footer = message.footer {
            body.append("<p style=\"color:#666666;font-size:small\">\(Self.escape(footer))</p>")
        }
        return """
            <!DOCTYPE html>
            <html><head><meta charset="utf-8"></head>
            <body style="font-family:sans-serif">
            <div style="border-left:4px solid \(Self.colour(message.severity));padding-left:12px">
            \(body.joined(separator: "\n"))
            </div>
            <p style="color:#666666;font-size:small">Sent by NexBoard</p>
            </body></html>

            """
    }

    static func colour(_ severity: Message.Severity) -> String {
        switch severity {
        case .error: "#d32f2f"
        case .warning: "#f9a825"
        case .info, .pending: "#1976d2"
        case .success: "#388e3c"
        }
    }

    /// Drops leading symbols and spaces ("🔔 ", "✔ ") so the subject starts with a word.
    static func withoutLeadingSymbols(_ text: String) -> String {
        let trimmed = text.drop { character in
            !(character.isLetter || character.isNumber || "[(\"'".contains(character))
        }
        return trimmed.isEmpty ? text : String(trimmed)
    }

    static func escape(_ text: String) -> String {
        var result = ""
        for character in text {
            switch character {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&#39;"
            default: result.append(character)
            }
        }
        return result
    }
}
