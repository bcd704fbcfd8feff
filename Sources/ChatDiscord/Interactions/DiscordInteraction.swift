import NexBoardCore

/// An interaction as delivered in INTERACTION_CREATE or to the HTTP endpoint (the fields NexBoard reads).
/// Unknown types decode as `.unknown` rather than failing.
public struct DiscordInteraction: Sendable, Equatable, Codable {
    public enum Kind: Sendable, Equatable, Codable {
        case ping, applicationCommand, messageComponent, autocomplete, modalSubmit
        case unknown(Int)

        public init(rawValue: Int) {
            switch rawValue {
            case 1: self = .ping
            case 2: self = .applicationCommand
            case 3: self = .messageComponent
            case 4: self = .autocomplete
            case 5: self = .modalSubmit
            default: self = .unknown(rawValue)
            }
        }

        public var rawValue: Int {
            switch self {
            case .ping: 1
            case .applicationCommand: 2
            case .messageComponent: 3
            case .autocomplete: 4
            case .modalSubmit: 5
            case .unknown(let value): value
            }
        }

        public init(from decoder: any Decoder) throws {
            self.init(rawValue: try decoder.singleValueContainer().decode(Int.self))
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            try container.encode(rawValue)
        }
    }

    public struct User: Sendable, Equatable, Codable {
        public var id: String
        public var username: String?

        public init(id: String, username: String? = nil) {
            self.id = id
            self.username = username
        }
    }

    public struct Member: Sendable, Equatable, Codable {
        public var user: User?
        public var roles: [String]

        public init(user: User?, roles: [String]) {
            self.user = user
            self.roles = roles
        }
    }

    public struct Data: Sendable, Equatable, Codable {
        public var name: String?
        public var options: [Option]?
        public var customID: String?
        public var componentType: Int?

        public init(name: String? = nil, options: [Option]? = nil, customID: String? = nil, componentType: Int? = nil) {
            self.name = name
            self.options = options
            self.customID = customID
            self.componentType = componentType
        }

        enum CodingKeys: String, CodingKey {
            case name, options
            case customID = "custom_id"
            case componentType = "component_type"
        }
    }

    /// An option as the user filled it in; sub-commands nest their options.
    public struct Option: Sendable, Equatable, Codable {
        public var name: String
        public var type: Int
        public var value: Value?
        public var options: [Option]?
        public var focused: Bool?

        public init(name: String, type: Int, value: Value? = nil, options: [Option]? = nil, focused: Bool? = nil) {
            self.name = name
            self.type = type
            self.value = value
            self.options = options
            self.focused = focused
        }
    }

    /// An option value: string, integer, number or boolean.
    public enum Value: Sendable, Equatable, Codable {
        case string(String)
        case integer(Int)
        case number(Double)
        case boolean(Bool)

        public init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let bool = try? container.decode(Bool.self) { self = .boolean(bool) }
            else if let int = try? container.decode(Int.self) { self = .integer(int) }
            else if let double = try? container.decode(Double.self) { self = .number(double) }
            else { self = .string(try container.decode(String.self)) }
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            switch self {
            case .string(let value): try container.encode(value)
            case .integer(let value): try container.encode(value)
            case .number(let value): try container.encode(value)
            case .boolean(let value): try container.encode(value)
            }
        }

        /// The value as typed on a command line.
        public var text: String {
            switch self {
            case .string(let value): value
            case .integer(let value): String(value)
            case .number(let value): String(value)
            case .boolean(let value): value ? "true" : "false"
            }
        }
    }

    public var id: String
    public var applicationID: String?
    public var type: Kind
    public var data: Data?
    public var guildID: String?
    public var channelID: String?
    /// Set in guilds.
    public var member: Member?
    /// Set in DMs.
    public var user: User?
    public var token: String
    /// For component interactions: the message whose button was pressed.
    public var message: DiscordMessageReference?

    public init(id: String, applicationID: String? = nil, type: Kind, data: Data? = nil, guildID: String? = nil,
                channelID: String? = nil, member: Member? = nil, user: User? = nil, token: String, message: DiscordMessageReference? = nil) {
        self.id = id
        self.applicationID = applicationID
        self.type = type
        self.data = data
        self.guildID = guildID
        self.channelID = channelID
        self.member = member
        self.user = user
        self.token = token
        self.message = message
    }

    enum CodingKeys: String, CodingKey {
        case id, type, data, member, user, token, message
        case applicationID = "application_id"
        case guildID = "guild_id"
        case channelID = "channel_id"
    }

    /// The user who acted, in a guild or a DM.
    public var actingUser: User? { member?.user ?? user }

    /// Whether the interaction came from a direct message rather than a guild.
    public var isDirectMessage: Bool { guildID == nil }

    /// The command line of an application command: its (sub)command path and its options as
    /// `--name=value`, quoted so that the core's parser reads back exactly what was filled in.
    public var commandLine: String? {
        guard let name = data?.name else { return nil }
        var words = [name]
        var options = data?.options ?? []
        while let nested = options.first, nested.type == 1 || nested.type == 2 {
            words.append(nested.name)
            options = nested.options ?? []
        }
        for option in options {
            guard let value = option.value else { continue }
            words.append("--\(option.name)=\(Self.quote(value.text))")
        }
        return words.joined(separator: " ")
    }

    /// The option being typed in an autocomplete interaction, and what was typed so far.
    /// The values of the (sub)command's options by name, as text.
    public var optionValues: [String: String] {
        var options = data?.options ?? []
        while let nested = options.first, nested.type == 1 || nested.type == 2 { options = nested.options ?? [] }
        return Dictionary(options.compactMap { option in option.value.map { (option.name, $0.text) } }, uniquingKeysWith: { first, _ in first })
    }

    public var focusedOption: (name: String, text: String)? {
        var options = data?.options ?? []
        while let nested = options.first, nested.type == 1 || nested.type == 2 { options = nested.options ?? [] }
        guard let focused = options.first(where: { $0.focused == true }) else { return nil }
        return (focused.name, focused.value?.text ?? "")
    }

    static func quote(_ text: String) -> String {
        let plain = !text.isEmpty && text.allSatisfy { !$0.isWhitespace && !"\"'“”\\".contains($0) }
        if plain { return text }
        return "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }
}
