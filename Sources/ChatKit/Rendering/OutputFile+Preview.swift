import NexBoardCore

/// The preview a platform shows in the message when a message's output goes out as a file: the
/// same rule on every platform that attaches output, measured as each platform counts.
extension OutputFile {
    /// At most this many lines of the output in a preview.
    public static let previewLines = 20

    /// The text, table and code of a message as one text (no ``` fences): what decides whether the
    /// output fits a platform's message or goes out as a file.
    public static func bodyText(_ message: Message) -> String {
        var parts: [String] = []
        if let text = message.text, !text.isEmpty { parts.append(text) }
        if let table = message.table { parts.append(TextRenderer.renderTable(table)) }
        if let code = message.code, !code.isEmpty { parts.append(code) }
        return parts.joined(separator: "\n")
    }

    /// The first lines (at most `previewLines`, within `limit` as `measure` counts) of the message's
    /// text, a ``` block it opens closed; without a text, of its table or code in a ``` block. Empty
    /// when there is nothing to show.
    public static func preview(of message: Message, limit: Int, measure: (Substring) -> Int = { $0.utf16.count }) -> String {
        if let text = message.text, !text.isEmpty {
            var preview = TextChunks.preview(text, lines: previewLines, limit: limit - 4, measure: measure)
            // A ``` block opened in the preview and closed further down is closed here.
            if preview.components(separatedBy: "```").count % 2 == 0 { preview += "\n```" }
            return preview
        }
        let literal: String
        if let table = message.table {
            literal = TextRenderer.renderTable(table)
        } else if let code = message.code, !code.isEmpty {
            literal = code
        } else {
            return ""
        }
        // A ``` inside would end the block early; a zero-width space keeps it literal.
        let head = TextChunks.preview(literal.replacingOccurrences(of: "```", with: "`\u{200B}``"), lines: previewLines,
                                      limit: limit - 8, measure: measure)
        return head.isEmpty ? "" : "```\n\(head)\n```"
    }

    /// The message as it shows with its output attached: the preview and `notice` as its text, no
    /// table and no code; title, fields, footer, buttons and image stay.
    public static func previewMessage(_ message: Message, notice: String, limit: Int,
                                      measure: (Substring) -> Int = { $0.utf16.count }) -> Message {
        var short = message
        let preview = preview(of: message, limit: limit, measure: measure)
        short.table = nil
        short.code = nil
        short.text = preview.isEmpty ? notice : preview + "\n" + notice
        return short
    }
}
