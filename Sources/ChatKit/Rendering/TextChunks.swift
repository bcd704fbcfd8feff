/// Splitting long text for platforms with length limits: at line ends where possible, never cut.
public enum TextChunks {
    /// Splits `text` into pieces of at most `limit` units (as `measure` counts them: Discord counts
    /// UTF-16 code units, Slack characters), at line boundaries where possible, else between
    /// characters. The pieces joined with newlines are the text: nothing is dropped.
    public static func split(_ text: String, limit: Int, measure: (Substring) -> Int = { $0.utf16.count }) -> [String] {
        guard measure(Substring(text)) > limit else { return [text] }
        var pieces: [String] = []
        var current = ""
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let candidate = current.isEmpty ? String(line) : current + "\n" + line
            if measure(Substring(candidate)) <= limit {
                current = candidate
                continue
            }
            if !current.isEmpty { pieces.append(current) }
            current = ""
            var part = ""
            for character in line {
                if !part.isEmpty, measure(Substring(part + String(character))) > limit {
                    pieces.append(part)
                    part = ""
                }
                part.append(character)
            }
            current = part
        }
        if !current.isEmpty { pieces.append(current) }
        return pieces
    }

    /// The first lines of `text` (at most `lines`) within `limit` units; a first line longer than
    /// that is cut and ends in "…". For previews of output that is attached whole.
    public static func preview(_ text: String, lines: Int, limit: Int, measure: (Substring) -> Int = { $0.utf16.count }) -> String {
        guard limit > 1 else { return "" }
        var preview = ""
        // maxSplits keeps the rest of a long text as one unsplit (uncopied) remainder.
        for line in text.split(separator: "\n", maxSplits: lines, omittingEmptySubsequences: false).prefix(lines) {
            let separator = preview.isEmpty ? "" : "\n"
            if measure(Substring(preview)) + separator.utf16.count + measure(line) <= limit {
                preview += separator + line
            } else {
                if preview.isEmpty { preview = split(String(line.prefix(limit)), limit: limit - 1, measure: measure)[0] + "…" }
                break
            }
        }
        return preview
    }
}
