/// A Discord message body as sent to `POST /channels/{id}/messages`, webhook follow-ups and
/// `@original` edits (the subset NexBoard uses). Encodes to Discord's JSON field names.
///
/// A payload with `files` is sent as `multipart/form-data`: the JSON (with `attachments`, one entry
/// per file, `id` = its index in `files`) as `payload_json`, each file as a `files[n]` part.
public struct DiscordMessagePayload: Sendable, Equatable, Codable {
    public var content: String?
    public var embeds: [DiscordEmbed]?
    public var components: [DiscordActionRow]?
    /// 64 = ephemeral (only the person who asked sees it).
    public var flags: Int?
    /// Always `parse: []`: a guest name never pings `@everyone`.
    public var allowedMentions: DiscordAllowedMentions?
    /// Channel messages only: with `enforceNonce`, Discord answers a second create with the same
    /// nonce (within a few minutes) with the first message instead of posting it again.
    public var nonce: String?
    public var enforceNonce: Bool?
    /// The attachments the message keeps or gets; on an edit, `[]` removes the old ones.
    public var attachments: [DiscordAttachment]?
    /// The bytes of the new attachments, `files[i]` for `attachments` entry `id == i`. Not encoded:
    /// they go beside the JSON in the multipart body.
    public var files: [DiscordFile] = []

    public init(content: String? = nil, embeds: [DiscordEmbed]? = nil, components: [DiscordActionRow]? = nil,
                flags: Int? = nil, allowedMentions: DiscordAllowedMentions? = DiscordAllowedMentions(),
                attachments: [DiscordAttachment]? = nil, files: [DiscordFile] = []) {
        self.content = content
        self.embeds = embeds
        self.components = components
        self.flags = flags
        self.allowedMentions = allowedMentions
        self.attachments = attachments
        self.files = files
    }

    /// Adds `file` as the next `files[n]` part with its `attachments` entry.
    public mutating func attach(_ file: DiscordFile, description: String? = nil) {
        var list = attachments ?? []
        list.append(DiscordAttachment(id: files.count, filename: file.filename, description: description))
        attachments = list
        files.append(file)
    }

    /// The ephemeral message flag.
    public static let ephemeralFlag = 64

    enum CodingKeys: String, CodingKey {
        case content, embeds, components, flags, attachments
        case allowedMentions = "allowed_mentions"
        case nonce
        case enforceNonce = "enforce_nonce"
    }
}

/// `allowed_mentions`: which mentions in the content may ping.
public struct DiscordAllowedMentions: Sendable, Equatable, Codable {
    public var parse: [String]

    public init(parse: [String] = []) {
        self.parse = parse
    }
}

/// One embed: title, description, fields, colour, footer and a picture.
public struct DiscordEmbed: Sendable, Equatable, Codable {
    public var title: String?
    public var description: String?
    public var color: Int?
    public var fields: [DiscordEmbedField]?
    public var footer: DiscordEmbedFooter?
    /// A picture under the embed: `attachment://<filename>` for a file uploaded with the message.
    public var image: DiscordEmbedImage?

    public init(title: String? = nil, description: String? = nil, color: Int? = nil,
                fields: [DiscordEmbedField]? = nil, footer: DiscordEmbedFooter? = nil, image: DiscordEmbedImage? = nil) {
        self.title = title
        self.description = description
        self.color = color
        self.fields = fields
        self.footer = footer
        self.image = image
    }

    /// The characters Discord counts toward the 6,000 per-message embed total.
    public var characterCount: Int {
        var total = (title?.utf16.count ?? 0) + (description?.utf16.count ?? 0) + (footer?.text.utf16.count ?? 0)
        for field in fields ?? [] { total += field.name.utf16.count + field.value.utf16.count }
        return total
    }
}

public struct DiscordEmbedField: Sendable, Equatable, Codable {
    public var name: String
    public var value: String
    public var inline: Bool

    public init(name: String, value: String, inline: Bool) {
        self.name = name
        self.value = value
        self.inline = inline
    }
}

/// An embed's picture (resources/message.mdx, "Embed Image Structure").
public struct DiscordEmbedImage: Sendable, Equatable, Codable {
    /// `https://…`, or `attachment://<filename>` for a file of the same message.
    public var url: String

    public init(url: String) {
        self.url = url
    }
}

public struct DiscordEmbedFooter: Sendable, Equatable, Codable {
    public var text: String

    public init(text: String) {
        self.text = text
    }
}

/// A component row (type 1) holding up to five buttons.
public struct DiscordActionRow: Sendable, Equatable, Codable {
    public var type: Int = 1
    public var components: [DiscordButton]

    public init(components: [DiscordButton]) {
        self.components = components
    }
}

/// A button component (type 2) whose `custom_id` comes back in the press's interaction.
public struct DiscordButton: Sendable, Equatable, Codable {
    public var type: Int = 2
    /// 1 primary, 2 secondary, 3 success, 4 danger.
    public var style: Int
    public var label: String
    public var customID: String
    public var disabled: Bool?

    public init(style: Int, label: String, customID: String, disabled: Bool? = nil) {
        self.style = style
        self.label = label
        self.customID = customID
        self.disabled = disabled
    }

    enum CodingKeys: String, CodingKey {
        case type, style, label, disabled
        case customID = "custom_id"
    }
}
