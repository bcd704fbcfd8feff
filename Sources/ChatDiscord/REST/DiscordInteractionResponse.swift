/// The body of `POST /interactions/{id}/{token}/callback` (interactions/receiving-and-responding.mdx).
public struct DiscordInteractionResponse: Sendable, Equatable, Encodable {
    /// Callback types NexBoard uses.
    public enum Kind: Int, Sendable, Equatable {
        case pong = 1
        case channelMessage = 4
        case deferredChannelMessage = 5
        case deferredUpdateMessage = 6
        case updateMessage = 7
        case autocompleteResult = 8
    }

    public var kind: Kind
    public var message: DiscordMessagePayload?
    public var choices: [DiscordCommandChoice]?

    public init(kind: Kind, message: DiscordMessagePayload? = nil, choices: [DiscordCommandChoice]? = nil) {
        self.kind = kind
        self.message = message
        self.choices = choices
    }

    /// "Thinking…": the reply follows as an edit of `@original`.
    public static func deferred(ephemeral: Bool) -> DiscordInteractionResponse {
        DiscordInteractionResponse(kind: .deferredChannelMessage,
                                   message: ephemeral ? DiscordMessagePayload(flags: DiscordMessagePayload.ephemeralFlag, allowedMentions: nil) : nil)
    }

    public static let deferredUpdate = DiscordInteractionResponse(kind: .deferredUpdateMessage)

    public static func autocomplete(_ choices: [DiscordCommandChoice]) -> DiscordInteractionResponse {
        DiscordInteractionResponse(kind: .autocompleteResult, choices: Array(choices.prefix(25)))
    }

    enum CodingKeys: String, CodingKey { case type, data }
    private struct ChoicesData: Encodable { var choices: [DiscordCommandChoice] }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(kind.rawValue, forKey: .type)
        if let choices {
            try container.encode(ChoicesData(choices: choices), forKey: .data)
        } else if let message {
            try container.encode(message, forKey: .data)
        }
    }
}

/// A choice of an option, in a command definition or an autocomplete answer.
public struct DiscordCommandChoice: Sendable, Equatable, Codable {
    public var name: String
    public var value: String

    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }
}

/// A message Discord created, or the one a pressed button sits on: enough to edit it later.
public struct DiscordMessageReference: Sendable, Equatable, Codable {
    public var id: String
    public var channelID: String?

    public init(id: String, channelID: String? = nil) {
        self.id = id
        self.channelID = channelID
    }

    enum CodingKeys: String, CodingKey {
        case id
        case channelID = "channel_id"
    }
}
