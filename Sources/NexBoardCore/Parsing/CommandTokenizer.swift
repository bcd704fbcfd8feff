/// Splits a chat line into words: whitespace separates, `"…"` and `'…'` group, `\` escapes.
public enum CommandTokenizer {
    public static func tokenize(_ line: String) throws(CommandParseError) -> [String] {
        var words: [String] = []
        var current = ""
        var inWord = false
        var quote: Character?
        var escaping = false
        for char in line {
            if escaping {
                current.append(char)
                escaping = false
                continue
            }
            if char == "\\" {
                escaping = true
                inWord = true
                continue
            }
            if let open = quote {
                if char == open { quote = nil } else { current.append(char) }
                continue
            }
            if char == "\"" || char == "'" || char == "“" || char == "”" {
                quote = char == "“" ? "”" : char
                inWord = true
            } else if char.isWhitespace {
                if inWord { words.append(current) }
                current = ""
                inWord = false
            } else {
                current.append(char)
                inWord = true
            }
        }
        if quote != nil { throw .unclosedQuote }
        if inWord { words.append(current) }
        return words
    }

    /// Removes what platforms put before the command: a leading `/`, `/nex ` or `!nex `.
    public static func stripPrefix(_ line: String) -> String {
        var text = line.trimmingWhitespace()
        for prefix in ["/nex ", "!nex ", "nex "] where text.lowercased().hasPrefix(prefix) {
            text = String(text.dropFirst(prefix.count))
            return text.trimmingWhitespace()
        }
        if text.hasPrefix("/") { text.removeFirst() }
        return text.trimmingWhitespace()
    }
}
