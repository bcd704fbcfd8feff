/*
 What a rendering attaches, shared after its messages went out (SlackRenderer's rule): the full
 output as text files, a picture. Slack refusing a file does not lose the output: the whole message
 follows as text (without its buttons, which the preview carries), with a note saying why. A picture
 that cannot be uploaded leaves a note: its text version is already in the message.
 */
import ChatKit
import Foundation
import Logging
import NexBoardCore

/// Uploads the files and the picture of one rendered message into a channel.
struct SlackAttachments: Sendable {
    let api: SlackWebAPI
    let renderer: SlackRenderer

    /// Shares `rendering`'s files and picture in `channel`, after the messages of `message` were posted
    /// there; notes and the output as text go out through `post`.
    func share(_ rendering: SlackRendering, of message: Message, in channel: String, logger: Logger,
               post: @Sendable (SlackMessage) async throws -> Void) async throws {
        let title = "Full output" + (message.title.map { ": " + Markup.plain($0) } ?? "")
        for file in rendering.files {
            do {
                try await api.share(.init(filename: file.filename, data: file.data, title: title), in: channel, logger: logger)
            } catch let error as SlackAPIError {
                logger.warning("Slack did not take an output file; the output follows as text", metadata: ["error": "\(error)"])
                var inline = message
                inline.buttons = []
                inline.image = nil
                inline.footer = Self.joined(message.footer, Self.fileRefused(file.filename, error))
                for part in renderer.renderInline(inline).messages {
                    try await post(part)
                }
                break
            }
        }
        guard let image = rendering.image else { return }
        do {
            try await api.share(.init(filename: image.filename, data: Data(image.bytes), title: image.altText, altText: image.altText),
                                in: channel, logger: logger)
        } catch let error as SlackAPIError {
            logger.warning("Slack did not take a picture", metadata: ["error": "\(error)"])
            let note = Message(text: "The graph \(image.filename) could not be uploaded (\(Self.reason(error))): "
                               + "the message above shows it as text.", severity: .warning)
            try await post(renderer.renderInline(note).messages[0])
        }
    }

    static func fileRefused(_ filename: String, _ error: SlackAPIError) -> String {
        "Slack did not take the file \(filename) (\(reason(error))): the full output is shown as text."
    }

    private static func reason(_ error: SlackAPIError) -> String {
        error.code ?? "no answer"
    }

    private static func joined(_ footer: String?, _ note: String) -> String {
        guard let footer, !footer.isEmpty else { return note }
        return footer + "\n" + note
    }
}
