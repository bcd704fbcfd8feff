/// Cutting text to a destination's limit, ending in "…" when something was cut.
enum Clip {
    /// `text` in at most `limit` characters.
    static func characters(_ text: String, limit: Int) -> String {
        guard text.count > limit else { return text }
        return String(text.prefix(max(0, limit - 1))) + "…"
    }

    /// `text` in at most `limit` bytes of UTF-8, cut between characters.
    static func utf8(_ text: String, limit: Int) -> String {
        guard text.utf8.count > limit else { return text }
        let budget = max(0, limit - "…".utf8.count)
        var kept = 0
        var end = text.startIndex
        for index in text.indices {
            let size = text[index].utf8.count
            if kept + size > budget { break }
            kept += size
            end = text.index(after: index)
        }
        return String(text[..<end]) + "…"
    }
}
