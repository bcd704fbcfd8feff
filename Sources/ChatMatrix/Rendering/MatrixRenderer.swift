/*
 A Message as Matrix shows it: an `m.notice` with a readable plain-text `body` and an HTML
 `formatted_body` (org.matrix.custom.html). The HTML comes from a Mustache template that escapes
 every value: guest names, notes, arguments a user typed reach it only as text. Markup becomes
 <strong> and <code>, fields a definition list, tables and code <pre><code>, the severity an emoji.

 Matrix has no buttons. A message's buttons become reactions the bot adds itself: Confirm ✅,
 Cancel ❌, any other button a keycap digit (1️⃣ …), listed under the message. Reacting with one, or
 replying with the command's first word (`confirm`), sends that button's command.
 */
import Mustache
import NexBoardCore

/// Renders messages as Matrix event content.
public struct MatrixRenderer: Sendable {
    /// A rendered message: the two forms of its content, and the reactions that stand for its buttons.
    public struct Rendering: Sendable, Equatable {
        public var body: String
        public var html: String
        /// Each button as the reaction that presses it, in order.
        public var reactions: [(key: String, command: String)]

        public static func == (lhs: Rendering, rhs: Rendering) -> Bool {
            lhs.body == rhs.body && lhs.html == rhs.html && lhs.reactions.map(\.key) == rhs.reactions.map(\.key)
                && lhs.reactions.map(\.command) == rhs.reactions.map(\.command)
        }
    }

    /// What Matrix clients show comfortably in one message; longer output is cut, with a note.
    public static let textLength = 16_000
    private static let keycaps = ["1️⃣", "2️⃣", "3️⃣", "4️⃣", "5️⃣", "6️⃣", "7️⃣", "8️⃣", "9️⃣"]
    /// Every reaction a rendering may ask for.
    static let reactionKeys = ["✅", "❌"] + keycaps

    private let library: MustacheLibrary

    public init() {
        var library = MustacheLibrary()
        // The templates are constants: a parse error is a bug caught by the first test.
        try! library.register(Self.inlineTemplate, named: "inline")
        try! library.register(Self.messageTemplate, named: "message")
        self.library = library
    }

    public func render(_ message: Message) -> Rendering {
        let reactions = Self.reactions(for: message.buttons)
        let legend = reactions.filter { !Self.isConfirmation($0.command) }
            .compactMap { reaction in message.buttons.first { $0.command == reaction.command }.map { "\(reaction.key) \($0.label)" } }
            .joined(separator: " · ")
        var withoutButtons = message
        withoutButtons.buttons = []
        withoutButtons.code = message.code.map { Self.cut($0) }
        var body = TextRenderer(width: 80).render(withoutButtons)
        if !legend.isEmpty { body += "\nReact: \(legend)" }
        let model = Model(message: withoutButtons, legend: legend.isEmpty ? nil : "React: \(legend)")
        let html = library.render(model, withTemplate: "message") ?? ""
        return Rendering(body: Self.cut(body), html: html, reactions: reactions)
    }

    /// The reaction that presses each button.
    static func reactions(for buttons: [Button]) -> [(key: String, command: String)] {
        var keycaps = Self.keycaps.makeIterator()
        return buttons.compactMap { button in
            let verb = button.command.split(separator: " ").first.map { $0.lowercased() }
            switch verb {
            case "confirm": return ("✅", button.command)
            case "cancel": return ("❌", button.command)
            default: return keycaps.next().map { ($0, button.command) }
            }
        }
    }

    private static func isConfirmation(_ command: String) -> Bool {
        let verb = command.split(separator: " ").first.map { $0.lowercased() }
        return verb == "confirm" || verb == "cancel"
    }

    /// The reaction key without variation selectors (`✅️` and `✅` are the same reaction).
    public static func normalizedReaction(_ key: String) -> String {
        String(String.UnicodeScalarView(key.unicodeScalars.filter { $0.value != 0xFE0F && $0.value != 0xFE0E }))
    }

    private static func cut(_ text: String) -> String {
        guard text.count > textLength else { return text }
        return String(text.prefix(textLength)) + "\n… (cut: \(text.count - textLength) more characters)"
    }

    static func emoji(_ severity: Message.Severity) -> String {
        switch severity {
        case .info: "ℹ️"
        case .success: "✅"
        case .warning: "⚠️"
        case .error: "❌"
        case .pending: "⏳"
        }
    }

    // MARK: - Templates

    /// What the templates read. Markup parts are runs of text (`MarkupSegments`), literal parts strings.
    struct Model {
        struct Inline {
            var segments: [Segment]
        }

        struct Segment {
            var text: String
            var bold: Bool
            var code: Bool
            var lineBreak: Bool
        }

        struct Field {
            var name: Inline
            var value: Inline
        }

        var titleEmoji: String?
        var textEmoji: String?
        var title: Inline?
        var text: Inline?
        var hasFields: Bool
        var fields: [Field]
        var table: String?
        var code: String?
        var legend: String?
        var footer: Inline?

        init(message: Message, legend: String?) {
            let emoji = MatrixRenderer.emoji(message.severity)
            title = message.title.map(Self.inline)
            text = message.text.map(Self.inline)
            titleEmoji = title == nil ? nil : emoji
            textEmoji = title == nil && text != nil ? emoji : nil
            fields = message.fields.map { Field(name: Self.inline($0.name), value: Self.inline($0.value)) }
            hasFields = !fields.isEmpty
            table = message.table.map(TextRenderer.renderTable).map(Markup.withoutControls)
            code = message.code.map(Markup.withoutControls)
            self.legend = legend
            footer = message.footer.map(Self.inline)
        }

        static func inline(_ markup: String) -> Inline {
            Inline(segments: MarkupSegments(markup).segments.map {
                Segment(text: $0.text, bold: $0.bold, code: $0.code, lineBreak: $0.lineBreak)
            })
        }
    }

    static let inlineTemplate = """
        {{#segments}}{{#lineBreak}}<br>{{/lineBreak}}{{#bold}}<strong>{{/bold}}{{#code}}<code>{{/code}}{{text}}\
        {{#code}}</code>{{/code}}{{#bold}}</strong>{{/bold}}{{/segments}}
        """

    static let messageTemplate = """
        {{#title}}<p>{{#titleEmoji}}{{.}} {{/titleEmoji}}<strong>{{>inline}}</strong></p>{{/title}}\
        {{#text}}<p>{{#textEmoji}}{{.}} {{/textEmoji}}{{>inline}}</p>{{/text}}\
        {{#hasFields}}<dl>{{#fields}}<dt>{{#name}}{{>inline}}{{/name}}</dt><dd>{{#value}}{{>inline}}{{/value}}</dd>{{/fields}}</dl>{{/hasFields}}\
        {{#table}}<pre><code>{{.}}</code></pre>{{/table}}\
        {{#code}}<pre><code>{{.}}</code></pre>{{/code}}\
        {{#legend}}<p>{{.}}</p>{{/legend}}\
        {{#footer}}<p><em>{{>inline}}</em></p>{{/footer}}
        """
}
