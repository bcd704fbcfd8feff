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

    /// At most this many characters of the output in the preview.
    static let previewCharacters = 1000

    func attachedOutput(_ message: Message) -> AttachedOutput {
        let (output, lineCount) = OutputFile.files(for: message, byteLimit: fileByteLimit)
        let files = output.map { DiscordFile(filename: $0.filename, data: $0.data) }
        let suffix = OutputFile.notice(output, lines: lineCount)

        var room = DiscordLimits.embedTotal - 64 - suffix.utf16.count
            - (message.title?.utf16.count ?? 0) - (message.footer?.utf16.count ?? 0)
        for field in message.fields { room -= field.name.utf16.count + field.value.utf16.count }
        var short = OutputFile.previewMessage(message, notice: suffix, limit: min(Self.previewCharacters, room))
        short.buttons = []
        let description = Self.chunks("Full output" + (message.title.map { ": \($0)" } ?? ""),
                                      limit: DiscordLimits.attachmentDescription)[0]
        return AttachedOutput(shortMessage: short, files: files, description: description)
    }
}
