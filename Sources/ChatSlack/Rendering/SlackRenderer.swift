/*
 Message → Slack messages (Block Kit), within Slack's limits (SlackLimits), nothing cut:

 - the title is a header (plain text, 150 characters; a longer one is shortened there and given whole
   in a bold section after it), led by the severity's emoji;
 - the text is mrkdwn sections of at most 3,000 characters, split at line ends;
 - the table and the code are preformatted (```) sections of at most 3,000 characters each;
 - fields are section fields ("*name*" over the value), at most 10 per section and 2,000 characters
   each (a longer value continues in a field of its own);
 - the footer is a context block;
 - buttons are actions blocks of at most 25; the value is the command line (or the key of a stored
   one when longer than Slack's 2,000); danger buttons carry Slack's own confirm dialog;
 - more than 50 blocks continue in further messages, the buttons on the last.

 Long output, the rule Discord follows too (ChatKit's OutputFile): when a channel message's table or
 code needs more than one 3,000-character block, or its text, table or code take it past 50 blocks
 (fields alone continue in further messages as above), the message
 shows a preview (the first 20 lines, at most 1,000 characters, of the text, else of the table or
 code), ending with "… full output attached as <name>.txt (N lines)", and the whole message goes as
 a text file uploaded after it (`files`). A picture (`Message.image`) is uploaded after the message
 too, its alt text its title. A private (ephemeral) reply cannot carry files in Slack: it keeps the
 whole text, split as above, and says so in its footer, as it does for a picture it cannot show.
 Every value users or Proxmox control is mrkdwn-escaped (SlackMrkdwn). The `text` fallback is always
 set: the title and the start of the text, as notifications and screen readers show it.
 */
import ChatKit
import NexBoardCore

/// What `SlackRenderer` makes of one `Message`.
public struct SlackRendering: Sendable, Equatable {
    /// One or more messages, in order; the buttons are on the last.
    public var messages: [SlackMessage]
    /// Button commands too long for a button's value: key → command, stored before sending.
    public var storedCommands: [String: String]
    /// The full output as text files, to upload after the messages (channel messages whose output is too long).
    public var files: [OutputFile] = []
    /// The picture to upload after the messages (channel messages only).
    public var image: Message.Image?
}

/// Renders the platform-neutral `Message` into Block Kit.
public struct SlackRenderer: Sendable {
    /// The largest text file the renderer attaches; longer output is split into several files.
    public let fileByteLimit: Int

    /// - Parameter fileByteLimit: the size of one attached file (tests make it small).
    public init(fileByteLimit: Int = SlackLimits.fileBytes) {
        self.fileByteLimit = max(fileByteLimit, 64)
    }

    /// At most this many characters of the output in a preview.
    static let previewCharacters = 1000
    /// What a private reply says instead of attaching its output.
    static let privateFilesNote = "Private replies in Slack cannot carry files: the full output is shown as text."
    /// What a private reply says instead of showing its picture.
    static let privateImageNote = "Private replies in Slack cannot carry pictures: the graph is shown as text."

    public func render(_ message: Message) -> SlackRendering {
        // Far over one message's blocks: attached without building every block first.
        let body = OutputFile.bodyText(message)
        let inline = body.count > SlackLimits.blocksPerMessage * SlackLimits.textObject ? nil : renderInline(message)
        let overflows = !body.isEmpty && (inline.map { $0.messages.count > 1 || Self.longPreformatted(message) } ?? true)
        guard message.visibility == .channel else {
            var notes: [String] = []
            if overflows { notes.append(Self.privateFilesNote) }
            if message.image != nil { notes.append(Self.privateImageNote) }
            if let inline, notes.isEmpty { return inline }
            var shown = message
            shown.footer = ([message.footer ?? ""].filter { !$0.isEmpty } + notes).joined(separator: "\n")
            return renderInline(shown)
        }
        var rendering: SlackRendering
        if let inline, !overflows {
            rendering = inline
        } else {
            let (files, lines) = OutputFile.files(for: message, byteLimit: fileByteLimit)
            let preview = OutputFile.previewMessage(message, notice: OutputFile.notice(files, lines: lines), limit: Self.previewCharacters,
                                                    measure: { $0.count })
            rendering = renderInline(preview)
            rendering.files = files
            // The notification says what the output is, not how its preview starts.
            let fallback = Self.fallback(message, emoji: Self.emoji(message.severity))
            for index in rendering.messages.indices {
                rendering.messages[index].text = index == 0 ? fallback : fallback + " (continued)"
            }
        }
        rendering.image = message.image
        return rendering
    }

    /// Whether the message's table or code needs more than one block.
    static func longPreformatted(_ message: Message) -> Bool {
        if let table = message.table, preformatted(TextRenderer.renderTable(table)).count > 1 { return true }
        if let code = message.code, preformatted(code).count > 1 { return true }
        return false
    }

    /// The message as Block Kit messages with nothing attached: everything in blocks, in as many messages as it takes.
    public func renderInline(_ message: Message) -> SlackRendering {
        var blocks: [SlackBlock] = []
        let emoji = Self.emoji(message.severity)
        var leadingEmojiPlaced = false
        if let title = message.title.map(Markup.plain), !title.isEmpty {
            let header = "\(emoji) \(title)"
            if header.count <= SlackLimits.header {
                blocks.append(.header(.plain(header)))
            } else {
                blocks.append(.header(.plain(String(header.prefix(SlackLimits.header - 1)) + "…")))
                blocks += Self.sections(Self.chunks("*" + SlackMrkdwn.literal(title) + "*", limit: SlackLimits.textObject))
            }
            leadingEmojiPlaced = true
        }
        if let text = message.text, !text.isEmpty {
            let mrkdwn = (leadingEmojiPlaced ? "" : "\(emoji) ") + SlackMrkdwn.from(text)
            leadingEmojiPlaced = true
            blocks += Self.sections(Self.chunks(mrkdwn, limit: SlackLimits.textObject))
        }
        if let table = message.table {
            blocks += Self.sections(Self.preformatted(TextRenderer.renderTable(table)))
        }
        if let code = message.code, !code.isEmpty {
            blocks += Self.sections(Self.preformatted(code))
        }
        blocks += fieldSections(message.fields)
        if let footer = message.footer, !footer.isEmpty {
            let parts = Self.chunks(SlackMrkdwn.from(footer), limit: SlackLimits.textObject)
            for start in stride(from: 0, to: parts.count, by: SlackLimits.contextElements) {
                blocks.append(.context(parts[start..<min(start + SlackLimits.contextElements, parts.count)].map(SlackText.mrkdwn)))
            }
        }
        if blocks.isEmpty, message.buttons.isEmpty {
            blocks.append(.section(text: .mrkdwn(emoji), fields: nil))
        }
        var stored: [String: String] = [:]
        blocks += actions(message.buttons, stored: &stored)
        let fallback = Self.fallback(message, emoji: emoji)
        var messages: [SlackMessage] = []
        for start in stride(from: 0, to: max(blocks.count, 1), by: SlackLimits.blocksPerMessage) {
            let slice = Array(blocks[start..<min(start + SlackLimits.blocksPerMessage, blocks.count)])
            messages.append(SlackMessage(text: messages.isEmpty ? fallback : fallback + " (continued)", blocks: slice,
                                         ephemeral: message.visibility == .requester))
        }
        return SlackRendering(messages: messages, storedCommands: stored)
    }

    /// The severity's emoji code.
    public static func emoji(_ severity: Message.Severity) -> String {
        switch severity {
        case .info: ":information_source:"
        case .success: ":white_check_mark:"
        case .warning: ":warning:"
        case .error: ":x:"
        case .pending: ":hourglass_flowing_sand:"
        }
    }

    /// The notification text: title, then the first line of the text, escaped; never empty.
    static func fallback(_ message: Message, emoji: String) -> String {
        let plain = message.plain
        var parts: [String] = []
        if let title = plain.title, !title.isEmpty { parts.append(title) }
        if let line = plain.text?.split(separator: "\n").first { parts.append(String(line)) }
        if parts.isEmpty, let footer = plain.footer, !footer.isEmpty { parts.append(footer) }
        if parts.isEmpty { parts.append(plain.table == nil && plain.code == nil ? "NexBoard" : "NexBoard output") }
        var text = parts.joined(separator: ": ")
        if text.count > SlackLimits.fallbackText - 1 { text = String(text.prefix(SlackLimits.fallbackText - 1)) + "…" }
        return "\(emoji) " + SlackMrkdwn.literal(text)
    }

    private func fieldSections(_ fields: [Message.Field]) -> [SlackBlock] {
        var texts: [SlackText] = []
        for field in fields {
            let name = SlackMrkdwn.from(field.name)
            let head = name.isEmpty ? "" : "*\(name)*\n"
            let value = SlackMrkdwn.from(field.value)
            let room = SlackLimits.fieldText - head.count - " (continued)".count - 2
            let pieces = Self.chunks(value.isEmpty ? " " : value, limit: max(room, 100))
            for (index, piece) in pieces.enumerated() {
                let label = index == 0 ? head : (name.isEmpty ? "" : "*\(name) (continued)*\n")
                texts.append(.mrkdwn(label + piece))
            }
        }
        return stride(from: 0, to: texts.count, by: SlackLimits.fieldsPerSection).map {
            .section(text: nil, fields: Array(texts[$0..<min($0 + SlackLimits.fieldsPerSection, texts.count)]))
        }
    }

    private func actions(_ buttons: [Button], stored: inout [String: String]) -> [SlackBlock] {
        var blocks: [SlackBlock] = []
        for start in stride(from: 0, to: buttons.count, by: SlackLimits.elementsPerActions) {
            let slice = buttons[start..<min(start + SlackLimits.elementsPerActions, buttons.count)]
            let elements = slice.enumerated().map { offset, button in
                var value = button.command
                if value.count > SlackLimits.buttonValue || value.hasPrefix(ButtonCommands.keyPrefix) || value.isEmpty {
                    value = ButtonCommands.key(for: button.command)
                    stored[value] = button.command
                }
                let label = Self.shortened(button.label.isEmpty ? "…" : button.label, to: SlackLimits.buttonText)
                return SlackButton(text: .plain(label), actionID: "nex-\(start + offset)", value: value,
                                   style: Self.style(button.style), confirm: button.style == .danger ? Self.confirm(button) : nil)
            }
            blocks.append(.actions(blockID: "nex-actions-\(start / SlackLimits.elementsPerActions)", elements: elements))
        }
        return blocks
    }

    static func style(_ style: Button.Style) -> String? {
        switch style {
        case .primary, .success: "primary"
        case .danger: "danger"
        case .secondary: nil
        }
    }

    /// Slack's confirm dialog for a destructive button: what it runs, asked once more by Slack itself.
    static func confirm(_ button: Button) -> SlackConfirm {
        let text = shortened("This runs `\(SlackMrkdwn.literal(button.command))`.", to: SlackLimits.confirmText)
        return SlackConfirm(title: .plain("Are you sure?"), text: .mrkdwn(text),
                            confirm: .plain(shortened(button.label.isEmpty ? "Yes" : button.label, to: SlackLimits.confirmButton)),
                            deny: .plain("Cancel"), style: "danger")
    }

    // MARK: - Text

    private static func sections(_ texts: [String]) -> [SlackBlock] {
        texts.map { .section(text: .mrkdwn($0), fields: nil) }
    }

    /// Preformatted blocks of at most 3,000 characters with their fences. A ``` inside would end the
    /// block early; a zero-width space keeps it literal.
    static func preformatted(_ text: String) -> [String] {
        let safe = SlackMrkdwn.literal(text).replacingOccurrences(of: "```", with: "`\u{200B}``")
        return chunks(safe, limit: SlackLimits.textObject - "```\n\n```".count).map { "```\n\($0)\n```" }
    }

    /// Pieces of at most `limit` characters (what Slack counts), split at line ends.
    static func chunks(_ text: String, limit: Int) -> [String] {
        TextChunks.split(text, limit: limit, measure: { $0.count })
    }

    static func shortened(_ text: String, to limit: Int) -> String {
        text.count <= limit ? text : String(text.prefix(limit - 1)) + "…"
    }
}
