/// An application command as sent to the bulk-overwrite endpoints (interactions/application-commands.mdx).
public struct DiscordApplicationCommand: Sendable, Equatable, Codable {
    /// 1 = chat input (slash command).
    public var type: Int
    public var name: String
    public var description: String
    public var options: [DiscordCommandOption]?

    public init(name: String, description: String, options: [DiscordCommandOption]? = nil) {
        self.type = 1
        self.name = name
        self.description = description
        self.options = options
    }
}

/// An option of an application command; sub-commands and sub-command groups are options too.
public struct DiscordCommandOption: Sendable, Equatable, Codable {
    /// Option types (1 sub-command, 2 group, 3 string, 4 integer, 5 boolean, 10 number).
    public enum Kind: Int, Sendable, Equatable, Codable {
        case subCommand = 1, subCommandGroup = 2, string = 3, integer = 4, boolean = 5, number = 10
    }

    public var type: Kind
    public var name: String
    public var description: String
    public var required: Bool?
    public var choices: [DiscordCommandChoice]?
    public var autocomplete: Bool?
    public var options: [DiscordCommandOption]?

    public init(type: Kind, name: String, description: String, required: Bool? = nil,
                choices: [DiscordCommandChoice]? = nil, autocomplete: Bool? = nil, options: [DiscordCommandOption]? = nil) {
        self.type = type
        self.name = name
        self.description = description
        self.required = required
        self.choices = choices
        self.autocomplete = autocomplete
        self.options = options
    }
}
