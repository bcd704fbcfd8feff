import ChatKit
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

    func attachedOutput(_ message: Message) -> AttachedOutput {
        let (output, lineCount) = OutputFile.files(for: message, byteLimit: fileByteLimit)
        let files = output.map { DiscordFile(filename: $0.filename, data: $0.data) }
        let suffix = OutputFile.notice(output, lines: lineCount)

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
        TextChunks.preview(text, lines: previewLines, limit: limit)
    }

    /// The first lines of preformatted text in a ``` block.
    static func codePreview(_ code: String, limit: Int) -> String {
        let head = preview(code.replacingOccurrences(of: "```", with: "`\u{200B}``"), limit: limit - 8)
        return head.isEmpty ? "" : "```\n\(head)\n```"
    }
}
