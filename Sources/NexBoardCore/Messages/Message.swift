/// A platform-neutral reply. Handlers return one; each chat adapter renders it within its platform's
/// limits (embeds, Block Kit, HTML, console text).
public struct Message: Sendable, Equatable {
    public enum Severity: String, Sendable, Equatable {
        case info, success, warning, error
        /// Waiting for something (a task that runs, a confirmation).
        case pending
    }

    /// Who the reply is for: everyone in the channel, or only the person who asked. A platform with
    /// private replies (`ChatCapabilities.privateReplies`) shows the latter to them alone; one without
    /// sends it as a new reply to them, never as an edit of a message everyone sees.
    public enum Visibility: Sendable, Equatable {
        case channel
        case requester
        /// Only for the person who asked, even where there are no private replies (a console link):
        /// such a platform sends it in a direct conversation (`ChatCapabilities.directMessages`) and
        /// says so where the command was typed. Platforms with private replies show it as `requester`.
        case direct

        /// Not for everyone in the channel.
        public var isPrivate: Bool { self != .channel }
    }

    /// A picture that goes with the message (a graph), for platforms that show images
    /// (`ChatCapabilities.attachments`). The text parts carry the same information: platforms without
    /// images, and renderers that cannot upload, show the message without it.
    public struct Image: Sendable, Equatable {
        /// The file name the platform shows, such as `cpu-web01-24h.png`.
        public var filename: String
        /// `image/png`.
        public var mimeType: String
        public var bytes: [UInt8]
        /// What the picture shows, for screen readers and platforms' alt text.
        public var altText: String

        public init(filename: String, mimeType: String = "image/png", bytes: [UInt8], altText: String) {
            self.filename = filename
            self.mimeType = mimeType
            self.bytes = bytes
            self.altText = altText
        }
    }

    public struct Field: Sendable, Equatable {
        public var name: String
        public var value: String
        public var inline: Bool

        public init(_ name: String, _ value: String, inline: Bool = true) {
            self.name = name
            self.value = value
            self.inline = inline
        }
    }

    /// Title, text, field values and footer are `Markup`; table cells and code are literal text.
    public var title: String?
    public var text: String?
    public var fields: [Field]
    public var table: Table?
    /// Preformatted text (task logs, heatmaps), shown in a monospace block.
    public var code: String?
    public var buttons: [Button]
    public var footer: String?
    /// A graph drawn as a picture, beside the text version in `code`.
    public var image: Image?
    public var severity: Severity
    public var visibility: Visibility

    public init(title: String? = nil, text: String? = nil, fields: [Field] = [], table: Table? = nil,
                code: String? = nil, buttons: [Button] = [], footer: String? = nil, image: Image? = nil,
                severity: Severity = .info, visibility: Visibility = .channel) {
        self.title = title
        self.text = text
        self.fields = fields
        self.table = table
        self.code = code
        self.buttons = buttons
        self.footer = footer
        self.image = image
        self.severity = severity
        self.visibility = visibility
    }

    /// The message with its markup (title, text, field values, footer) as plain text, for renderers
    /// that show no formatting (terminals, email, plain webhooks).
    public var plain: Message {
        var copy = self
        copy.title = title.map(Markup.plain)
        copy.text = text.map(Markup.plain)
        copy.fields = fields.map { Field(Markup.plain($0.name), Markup.plain($0.value), inline: $0.inline) }
        copy.footer = footer.map(Markup.plain)
        return copy
    }

    /// A refusal or problem, shown only to the person who asked.
    public static func privateError(_ text: String, title: String? = nil) -> Message {
        Message(title: title, text: text, severity: .error, visibility: .requester)
    }
}

/// A button. Pressing it sends `command` back through the normal command path, as if typed,
/// tagged with the `.button` origin: buttons never bypass parsing, permissions or the audit log.
public struct Button: Sendable, Equatable {
    public enum Style: String, Sendable, Equatable {
        case primary, secondary, success, danger
    }

    public var label: String
    public var command: String
    public var style: Style

    public init(_ label: String, command: String, style: Style = .secondary) {
        self.label = label
        self.command = command
        self.style = style
    }
}

/// Rows and columns; renderers align them (monospace) or turn them into native tables.
public struct Table: Sendable, Equatable {
    public enum Alignment: Sendable, Equatable { case left, right }

    public var headers: [String]
    public var rows: [[String]]
    public var alignments: [Alignment]

    public init(headers: [String], rows: [[String]], alignments: [Alignment]? = nil) {
        self.headers = headers
        self.rows = rows
        self.alignments = alignments ?? Array(repeating: .left, count: headers.count)
    }
}
