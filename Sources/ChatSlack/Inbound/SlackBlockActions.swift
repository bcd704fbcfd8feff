/// A `block_actions` interaction payload (shared/reference/slack/docs: interaction payloads): a
/// button pressed on a message. Other interaction types decode with `type` only and are ignored.
public struct SlackBlockActions: Sendable, Equatable, Decodable {
    public struct Team: Sendable, Equatable, Decodable { public var id: String }
    public struct User: Sendable, Equatable, Decodable { public var id: String }
    public struct Channel: Sendable, Equatable, Decodable { public var id: String }

    /// The message the button is on.
    public struct Container: Sendable, Equatable, Decodable {
        public var messageTS: String?
        public var channelID: String?
        public var isEphemeral: Bool?

        enum CodingKeys: String, CodingKey {
            case messageTS = "message_ts"
            case channelID = "channel_id"
            case isEphemeral = "is_ephemeral"
        }
    }

    public struct Action: Sendable, Equatable, Decodable {
        public var actionID: String
        public var value: String?

        enum CodingKeys: String, CodingKey {
            case value
            case actionID = "action_id"
        }
    }

    public var type: String
    public var team: Team?
    public var user: User?
    public var channel: Channel?
    public var container: Container?
    public var responseURL: String?
    public var triggerID: String?
    public var actions: [Action]?

    enum CodingKeys: String, CodingKey {
        case type, team, user, channel, container, actions
        case responseURL = "response_url"
        case triggerID = "trigger_id"
    }

    /// The channel of the pressed message.
    public var channelID: String? { channel?.id ?? container?.channelID }
}
