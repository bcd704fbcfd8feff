import Foundation
import NexBoardCore

/// Long output as a text file: the full text for the attachment, the preview for the embed, the
/// file name and the split of a file over the size limit. The rule is in DiscordRenderer.swift's header.
extension DiscordRenderer {
    /// What the embed shows and what is attached.
    struct AttachedOutput {
        /// The message with the preview as its text and no table or code.
        var shortMessage: Message
        /// One file, or several parts of at most `fileByteLimit` bytes each.
        var files: [DiscordFile]
        var description: String?
    }

    /// At most this many lines of the output in the preview…
    static let previewLines = 20
    /// …and at most this many characters.
    static let previewCharacters = 1000

    /// The text, table and code of a message, as they would go in embed descriptions (no ``` fences).
    static func bodyText(_ message: Message) -> String {
        var parts: [String] = []
        if let text = message.text, !text.isEmpty { parts.append(text) }
        if let table = message.table { parts.append(TextRenderer.renderTable(table)) }
        if let code = message.code, !code.isEmpty { parts.append(code) }
        return parts.joined(separator: "\n")
    }

    /// Everything in the message as plain text: title, text, table, code, fields, footer, separated
    /// by blank lines and ending with a newline.
    public static func fullText(_ message: Message) -> String {
        var sections: [String] = []
        if let title = message.title, !title.isEmpty { sections.append(title) }
        if let text = message.text, !text.isEmpty { sections.append(text) }
        if let table = message.table { sections.append(TextRenderer.renderTable(table)) }
        if let code = message.code, !code.isEmpty { sections.append(code) }
        if !message.fields.isEmpty {
            sections.append(message.fields.map { "\($0.name): \($0.value)" }.joined(separator: "\n"))
        }
        if let footer = message.footer, !footer.isEmpty { sections.append(footer) }
        return sections.joined(separator: "\n\n") + "\n"
    }

    /// The file name stem of a title: lower-case ASCII letters and digits joined by single dashes
    /// (`Task log · VM 101` → `task-log-vm-101`), at most 60 characters; `nexboard-output` when nothing is left.
    public static func slug(_ title: String?) -> String {
        let folded = (title ?? "").folding(options: [.diacriticInsensitive, .caseInsensitive], locale: nil).lowercased()
        var slug = ""
        for scalar in folded.unicodeScalars {
            if scalar.isASCII, scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) {
                guard slug.unicodeScalars.count < 60 else { break }
                slug.unicodeScalars.append(scalar)
            } else if !slug.isEmpty, !slug.hasSuffix("-") {
                slug.append("-")
            }
        }
        while slug.hasSuffix("-") { slug.removeLast() }
        return slug.isEmpty ? "nexboard-output" : slug
    }

    func attachedOutput(_ message: Message) -> AttachedOutput {
        let content = Self.fullText(message)
        let lineCount = content.utf8.reduce(0) { $1 == 0x0A ? $0 + 1 : $0 }
        let stem = Self.slug(message.title)
        let parts = Self.split(Array(content.utf8), limit: fileByteLimit)
        let files: [DiscordFile] = parts.enumerated().map { index, bytes in
            let name = parts.count == 1 ? "\(stem).txt" : "\(stem)-part\(index + 1).txt"
            return DiscordFile(filename: name, data: Data(bytes))
        }
        let names = files.count == 1 ? files[0].filename : "\(files[0].filename) … \(files[files.count - 1].filename)"
        let counted = files.count == 1 ? "\(lineCount) lines" : "\(files.count) files, \(lineCount) lines"
        let suffix = "… full output attached as \(names) (\(counted))"

        var short = message
        short.table = nil
        short.code = nil
        short.buttons = []
        var room = DiscordLimits.embedTotal - 64 - suffix.utf16.count
            - (message.title?.utf16.count ?? 0) - (message.footer?.utf16.count ?? 0)
        for field in message.fields { room -= field.name.utf16.count + field.value.utf16.count }
        let limit = min(Self.previewCharacters, room)
        var preview = ""
        if let text = message.text, !text.isEmpty {
            preview = Self.preview(text, limit: limit - 4)
            // A ``` block opened in the preview and closed further down is closed here.
            if preview.components(separatedBy: "```").count % 2 == 0 { preview += "\n```" }
        } else if let table = message.table {
            preview = Self.codePreview(TextRenderer.renderTable(table), limit: limit)
        } else if let code = message.code, !code.isEmpty {
            preview = Self.codePreview(code, limit: limit)
        }
        short.text = preview.isEmpty ? suffix : preview + "\n" + suffix
        let description = Self.chunks("Full output" + (message.title.map { ": \($0)" } ?? ""),
                                      limit: DiscordLimits.attachmentDescription)[0]
        return AttachedOutput(shortMessage: short, files: files, description: description)
    }

    /// The first lines of `text` within `limit` characters (a first line longer than that ends in "…").
    static func preview(_ text: String, limit: Int) -> String {
        guard limit > 1 else { return "" }
        var preview = ""
        // maxSplits keeps the rest of a long text as one unsplit (uncopied) remainder.
        for line in text.split(separator: "\n", maxSplits: previewLines, omittingEmptySubsequences: false).prefix(previewLines) {
            let separator = preview.isEmpty ? "" : "\n"
            if preview.utf16.count + separator.utf16.count + line.utf16.count <= limit {
                preview += separator + line
            } else {
                if preview.isEmpty { preview = chunks(String(line.prefix(limit)), limit: limit - 1)[0] + "…" }
                break
            }
        }
        return preview
    }

    /// The first lines of preformatted text in a ``` block.
    static func codePreview(_ code: String, limit: Int) -> String {
        let head = preview(code.replacingOccurrences(of: "```", with: "`\u{200B}``"), limit: limit - 8)
        return head.isEmpty ? "" : "```\n\(head)\n```"
    }

    /// Splits UTF-8 bytes into parts of at most `limit` bytes, after a newline where there is one,
    /// else between characters: the parts joined are the bytes, nothing dropped.
    static func split(_ bytes: [UInt8], limit: Int) -> [ArraySlice<UInt8>] {
        var parts: [ArraySlice<UInt8>] = []
        var start = 0
        while bytes.count - start > limit {
            var end = start + limit
            if let newline = bytes[start..<end].lastIndex(of: 0x0A) {
                end = newline + 1
            } else {
                // Not inside a multi-byte character: continuation bytes are 10xxxxxx.
                while end > start + 1, bytes[end] & 0xC0 == 0x80 { end -= 1 }
            }
            parts.append(bytes[start..<end])
            start = end
        }
        parts.append(bytes[start...])
        return parts
    }
}
