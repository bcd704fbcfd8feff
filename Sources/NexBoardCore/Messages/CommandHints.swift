/// Commands named in replies (`` `help` ``, `` `alert active` ``) as they are typed on the platform
/// that shows them: `!nex help` in Matrix, `/nex help` in Slack, `/help` in Discord, `help` in a
/// terminal. Handlers name commands bare; the dispatcher adds the platform's prefix to every code
/// span whose first word starts a command. Tables and code blocks are literal and left alone.
public struct CommandHints: Sendable {
    /// What the platform types before a command (`ChatCapabilities.commandPrefix`).
    public let prefix: String
    /// The first words of the catalog's commands (`vm`, `alert`, `help`).
    public let commandWords: Set<String>

    public init(prefix: String, commandWords: Set<String>) {
        self.prefix = prefix
        self.commandWords = commandWords
    }

    /// The first words of `catalog`'s commands.
    public static func commandWords(of catalog: CommandCatalog) -> Set<String> {
        Set(catalog.commands.compactMap { $0.name.split(separator: " ").first.map(String.init) })
    }

    /// `message` with the prefix before the commands in its title, text, field values and footer.
    public func apply(to message: Message) -> Message {
        guard !prefix.isEmpty else { return message }
        var copy = message
        copy.title = message.title.map(apply(toMarkup:))
        copy.text = message.text.map(apply(toMarkup:))
        copy.fields = message.fields.map { Message.Field($0.name, apply(toMarkup: $0.value), inline: $0.inline) }
        copy.footer = message.footer.map(apply(toMarkup:))
        return copy
    }

    /// `markup` with the prefix inside each code span that starts with a command word.
    public func apply(toMarkup markup: String) -> String {
        guard !prefix.isEmpty, markup.contains("`") else { return markup }
        var result = ""
        var characters = markup.makeIterator()
        while let character = characters.next() {
            result.append(character)
            if character == "\\" {
                if let escaped = characters.next() { result.append(escaped) }
                continue
            }
            guard character == "`" else { continue }
            var span = ""
            var closed = false
            while let inside = characters.next() {
                if inside == "`" {
                    closed = true
                    break
                }
                span.append(inside)
            }
            let first = span.split(separator: " ", maxSplits: 1).first.map(String.init) ?? ""
            if closed, commandWords.contains(first), !span.hasPrefix(prefix) { result += prefix }
            result += span
            if closed { result.append("`") }
        }
        return result
    }
}
