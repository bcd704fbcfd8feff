/*
 Message → Discord message payloads.

 One embed carries the title, the text, the table and code (as ``` blocks) in the description, the
 fields, the colour of the severity and the footer. Content over a limit (description 4,096, field
 value 1,024, 25 fields, 6,000 per message) is never cut.

 The rule for long output: when a message with a text, table or code would need the embeds of more
 than one message (over 6,000 characters in all, Discord's per-message embed total), it is sent as
 ONE message with a file instead. Its embed keeps the title, a preview (the first 20 lines, at most
 1,000 characters, of the text, or else of the table or code), ending with "… full output attached
 as <name>.txt (N lines)", the fields, the footer and the colour; the attachment holds everything
 (title, text, table, code, fields, footer) as UTF-8 text. The file is named after the slugged title
 (`task-log-vm-101.txt`), else `nexboard-output.txt`. A file over 8 MiB (Discord takes 10 MiB per
 request) is split at line boundaries into `<name>-part1.txt`, `-part2.txt`…, the first on the
 message, each further one on a message of its own after it.

 A message's picture (`Message.image`, a graph) is uploaded as one more file of the first message,
 shown by its first embed (`image.url` = `attachment://<filename>`), with its alt text as the
 attachment's description; the text version stays in the embed's description.

 Shorter content over an embed limit is split at line boundaries into continuation embeds (at most
 10 embeds and 6,000 characters per message); fields over 25 or over the total go the same way, into
 further messages if need be. Buttons go on the message with the embeds (the last one when fields
 overflowed), five per row, five rows; a command longer than a `custom_id` allows is replaced by a
 key (`k:` + a hash) that the adapter stores.
 */
import ChatKit
import Foundation
import NexBoardCore

/// Renders the platform-neutral `Message` into Discord payloads within Discord's limits.
public struct DiscordRenderer: Sendable {
    /// The largest file the renderer attaches; longer output is split into several files.
    public let fileByteLimit: Int

    /// - Parameter fileByteLimit: the size of one attached file (tests make it small).
    public init(fileByteLimit: Int = DiscordLimits.fileBytes) {
        self.fileByteLimit = max(fileByteLimit, 64)
    }

    public func render(_ message: Message) -> DiscordRendering {
        let color = Self.color(message.severity)
        var payloads: [DiscordMessagePayload]
        var partPayloads: [DiscordMessagePayload] = []
        // Far over one message's 6,000 characters: attach without building every embed first.
        let body = OutputFile.bodyText(message)
        var embeds = body.utf16.count > DiscordLimits.embedTotal ? [] : buildEmbeds(message, color: color)
        let needsFile = body.utf16.count > DiscordLimits.embedTotal || (!body.isEmpty && pack(embeds).count > 1)
        if needsFile {
            let attached = attachedOutput(message)
            payloads = pack(buildEmbeds(attached.shortMessage, color: color))
            payloads[0].attach(attached.files[0], description: attached.description)
            partPayloads = attached.files.dropFirst().enumerated().map { offset, file in
                var part = DiscordMessagePayload(content: "\(file.filename) (part \(offset + 2) of \(attached.files.count))")
                part.attach(file, description: attached.description)
                return part
            }
        } else {
            if embeds.isEmpty && message.buttons.isEmpty {
                embeds = [DiscordEmbed(description: "\u{200B}", color: color)]
            }
            payloads = pack(embeds)
        }
        if let image = message.image {
            if payloads.isEmpty { payloads = [DiscordMessagePayload()] }
            attach(image, to: &payloads[0], color: color)
        }
        var stored: [String: String] = [:]
        let buttonRows = buttonRows(message.buttons, stored: &stored)
        let rowChunks = stride(from: 0, to: buttonRows.count, by: DiscordLimits.actionRows).map {
            Array(buttonRows[$0..<min($0 + DiscordLimits.actionRows, buttonRows.count)])
        }
        for (index, rows) in rowChunks.enumerated() {
            if index == 0, !payloads.isEmpty {
                payloads[payloads.count - 1].components = rows
            } else {
                payloads.append(DiscordMessagePayload(components: rows))
            }
        }
        payloads += partPayloads
        if message.visibility == .requester {
            for index in payloads.indices { payloads[index].flags = DiscordMessagePayload.ephemeralFlag }
        }
        return DiscordRendering(payloads: payloads, storedCommands: stored)
    }

    /// Embed colour of a severity.
    public static func color(_ severity: Message.Severity) -> Int {
        switch severity {
        case .info: 0x3498DB
        case .success: 0x2ECC71
        case .warning: 0xF1C40F
        case .error: 0xE74C3C
        case .pending: 0x95A5A6
        }
    }

    // MARK: - Embeds

    private func buildEmbeds(_ message: Message, color: Int) -> [DiscordEmbed] {
        var blocks: [String] = []
        if let text = message.text, !text.isEmpty { blocks += Self.chunks(text, limit: DiscordLimits.embedDescription) }
        if let table = message.table {
            blocks += Self.codeBlocks(TextRenderer.renderTable(table), limit: DiscordLimits.embedDescription)
        }
        if let code = message.code, !code.isEmpty {
            blocks += Self.codeBlocks(code, limit: DiscordLimits.embedDescription)
        }
        var fields: [DiscordEmbedField] = []
        for field in message.fields {
            let name = field.name.isEmpty ? "\u{200B}" : Self.chunks(field.name, limit: DiscordLimits.fieldName)[0]
            let values = field.value.isEmpty ? ["\u{200B}"] : Self.chunks(field.value, limit: DiscordLimits.fieldValue)
            for (index, value) in values.enumerated() {
                let partName = index == 0 ? name : Self.truncatedName(name, suffix: " (continued)")
                fields.append(DiscordEmbedField(name: partName, value: value, inline: field.inline && values.count == 1))
            }
        }
        var titleParts = message.title.map { Self.chunks($0, limit: DiscordLimits.embedTitle) } ?? []
        var embeds: [DiscordEmbed] = []
        var current = DiscordEmbed(color: color)
        if !titleParts.isEmpty { current.title = titleParts.removeFirst() }
        // An over-long title continues at the top of the description instead of being cut.
        blocks = titleParts + blocks
        func budgetLeft(_ embed: DiscordEmbed) -> Int { DiscordLimits.embedTotal - embed.characterCount }
        func startNew() {
            embeds.append(current)
            current = DiscordEmbed(color: color)
        }
        for block in blocks {
            let separator = (current.description?.isEmpty ?? true) ? "" : "\n"
            let existing = current.description ?? ""
            let added = separator.utf16.count + block.utf16.count
            if existing.utf16.count + added > DiscordLimits.embedDescription || added > budgetLeft(current) {
                startNew()
                current.description = block
            } else {
                current.description = existing + separator + block
            }
        }
        for field in fields {
            let size = field.name.utf16.count + field.value.utf16.count
            if (current.fields?.count ?? 0) >= DiscordLimits.fieldsPerEmbed || size > budgetLeft(current) {
                startNew()
            }
            current.fields = (current.fields ?? []) + [field]
        }
        // Discord shows footers without markdown: plain text, not escapes.
        if let footer = message.footer.map(Markup.plain), !footer.isEmpty {
            let text = Self.chunks(footer, limit: DiscordLimits.footerText)
            for (index, part) in text.enumerated() {
                if index > 0 || part.utf16.count > budgetLeft(current) { startNew() }
                current.footer = DiscordEmbedFooter(text: part)
            }
        }
        if current.title != nil || current.description != nil || current.fields != nil || current.footer != nil {
            embeds.append(current)
        }
        return embeds
    }

    /// Uploads `image` with the message and shows it in its first embed.
    private func attach(_ image: Message.Image, to payload: inout DiscordMessagePayload, color: Int) {
        var embeds = payload.embeds ?? []
        if embeds.isEmpty { embeds.append(DiscordEmbed(color: color)) }
        embeds[0].image = DiscordEmbedImage(url: "attachment://\(image.filename)")
        payload.embeds = embeds
        payload.attach(DiscordFile(filename: image.filename, contentType: image.mimeType, data: Data(image.bytes)),
                       description: image.altText.isEmpty ? nil : Self.chunks(image.altText, limit: DiscordLimits.attachmentDescription)[0])
    }

    /// Packs embeds into messages: at most 10 per message and 6,000 characters in total.
    private func pack(_ embeds: [DiscordEmbed]) -> [DiscordMessagePayload] {
        var payloads: [DiscordMessagePayload] = []
        var current: [DiscordEmbed] = []
        var total = 0
        for embed in embeds {
            let size = embed.characterCount
            if !current.isEmpty && (current.count >= DiscordLimits.embedsPerMessage || total + size > DiscordLimits.embedTotal) {
                payloads.append(DiscordMessagePayload(embeds: current))
                current = []
                total = 0
            }
            current.append(embed)
            total += size
        }
        if !current.isEmpty { payloads.append(DiscordMessagePayload(embeds: current)) }
        return payloads
    }

    // MARK: - Buttons

    private func buttonRows(_ buttons: [Button], stored: inout [String: String]) -> [DiscordActionRow] {
        var rows: [DiscordActionRow] = []
        var seen: Set<String> = []
        for start in stride(from: 0, to: buttons.count, by: DiscordLimits.buttonsPerRow) {
            let slice = buttons[start..<min(start + DiscordLimits.buttonsPerRow, buttons.count)]
            rows.append(DiscordActionRow(components: slice.map { button in
                var customID = button.command
                if customID.utf16.count > DiscordLimits.customID || customID.hasPrefix(ButtonCommands.keyPrefix) || customID.isEmpty {
                    customID = ButtonCommands.key(for: button.command)
                    stored[customID] = button.command
                }
                // Discord refuses two components with the same custom_id in one message.
                if seen.contains(customID) {
                    let suffix = "#\(seen.count)"
                    let base = ButtonCommands.key(for: button.command + suffix)
                    stored[base] = button.command
                    customID = base
                }
                seen.insert(customID)
                let label = Self.chunks(button.label.isEmpty ? "…" : button.label, limit: DiscordLimits.buttonLabel - 1)
                return DiscordButton(style: Self.style(button.style),
                                     label: label.count > 1 ? label[0] + "…" : label[0], customID: customID)
            }))
        }
        return rows
    }

    static func style(_ style: Button.Style) -> Int {
        switch style {
        case .primary: 1
        case .secondary: 2
        case .success: 3
        case .danger: 4
        }
    }

    // MARK: - Text splitting

    /// Splits `text` into pieces of at most `limit` UTF-16 units (what Discord counts), at line ends.
    static func chunks(_ text: String, limit: Int) -> [String] {
        TextChunks.split(text, limit: limit)
    }

    /// Wraps preformatted text in ``` blocks of at most `limit` characters each.
    static func codeBlocks(_ code: String, limit: Int) -> [String] {
        // A ``` inside would end the block early; a zero-width space keeps it literal.
        let safe = code.replacingOccurrences(of: "```", with: "`\u{200B}``")
        let overhead = "```\n\n```".utf16.count
        return chunks(safe, limit: limit - overhead).map { "```\n\($0)\n```" }
    }

    static func truncatedName(_ name: String, suffix: String) -> String {
        let room = DiscordLimits.fieldName - suffix.utf16.count
        return chunks(name, limit: room)[0] + suffix
    }
}
