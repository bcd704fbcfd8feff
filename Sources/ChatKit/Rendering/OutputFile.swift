import Foundation
import NexBoardCore

/// Output too long for a platform's messages, as text files to attach: the whole message as plain
/// text, named after its title, split at line ends into parts of at most a platform's file size.
public struct OutputFile: Sendable, Equatable {
    public var filename: String
    public var data: Data

    public init(filename: String, data: Data) {
        self.filename = filename
        self.data = data
    }

    /// Everything in the message as plain text (title, text, table, code, fields, footer, separated
    /// by blank lines, ending with a newline), split into files of at most `byteLimit` bytes named
    /// `<slug>.txt` or `<slug>-part1.txt`…; and how many lines there are in all.
    public static func files(for message: Message, byteLimit: Int) -> (files: [OutputFile], lines: Int) {
        let content = fullText(message)
        let lines = content.utf8.reduce(0) { $1 == 0x0A ? $0 + 1 : $0 }
        let stem = slug(message.title)
        let parts = split(Array(content.utf8), limit: byteLimit)
        let files = parts.enumerated().map { index, bytes in
            OutputFile(filename: parts.count == 1 ? "\(stem).txt" : "\(stem)-part\(index + 1).txt", data: Data(bytes))
        }
        return (files, lines)
    }

    /// "… full output attached as task-log.txt (2000 lines)", for the preview of attached output.
    public static func notice(_ files: [OutputFile], lines: Int) -> String {
        guard let first = files.first, let last = files.last else { return "" }
        let names = files.count == 1 ? first.filename : "\(first.filename) … \(last.filename)"
        let counted = files.count == 1 ? "\(lines) lines" : "\(files.count) files, \(lines) lines"
        return "… full output attached as \(names) (\(counted))"
    }

    /// The message as plain text, sections separated by blank lines.
    public static func fullText(_ message: Message) -> String {
        let message = message.plain
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

    /// Splits UTF-8 bytes into parts of at most `limit` bytes, after a newline where there is one,
    /// else between characters: the parts joined are the bytes, nothing dropped.
    public static func split(_ bytes: [UInt8], limit: Int) -> [ArraySlice<UInt8>] {
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
