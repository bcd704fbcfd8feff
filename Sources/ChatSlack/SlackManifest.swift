import NexBoardCore
import Yams

/// The Slack app manifest for NexBoard (Slack: "Create an app" → "From a manifest"): one `/nex`
/// slash command that takes every catalog command as its text, interactivity for buttons, and the
/// bot scopes NexBoard needs. Socket Mode is on unless a request URL (HTTP mode) is given.
public struct SlackManifest: Sendable, Equatable, Codable {
    /// Commands, posting (also in public channels it was not invited to), uploading long output and
    /// pictures, and reading channel history: where a post retried after a lost answer looks for itself.
    public static let botScopes = ["commands", "chat:write", "chat:write.public", "files:write", "channels:history", "groups:history"]

    public var displayInformation: DisplayInformation
    public var features: Features
    public var oauthConfig: OAuthConfig
    public var settings: Settings

    enum CodingKeys: String, CodingKey {
        case displayInformation = "display_information"
        case features
        case oauthConfig = "oauth_config"
        case settings
    }

    public struct DisplayInformation: Sendable, Equatable, Codable {
        public var name: String
        public var description: String
    }

    public struct Features: Sendable, Equatable, Codable {
        public var botUser: BotUser
        public var slashCommands: [SlashCommand]

        enum CodingKeys: String, CodingKey {
            case botUser = "bot_user"
            case slashCommands = "slash_commands"
        }
    }

    public struct BotUser: Sendable, Equatable, Codable {
        public var displayName: String
        public var alwaysOnline: Bool

        enum CodingKeys: String, CodingKey {
            case displayName = "display_name"
            case alwaysOnline = "always_online"
        }
    }

    public struct SlashCommand: Sendable, Equatable, Codable {
        public var command: String
        public var description: String
        public var usageHint: String
        public var shouldEscape: Bool
        public var url: String?

        enum CodingKeys: String, CodingKey {
            case command, description, url
            case usageHint = "usage_hint"
            case shouldEscape = "should_escape"
        }
    }

    public struct OAuthConfig: Sendable, Equatable, Codable {
        public var scopes: Scopes
    }

    public struct Scopes: Sendable, Equatable, Codable {
        public var bot: [String]
    }

    public struct Settings: Sendable, Equatable, Codable {
        public var interactivity: Interactivity
        public var socketModeEnabled: Bool

        enum CodingKeys: String, CodingKey {
            case interactivity
            case socketModeEnabled = "socket_mode_enabled"
        }
    }

    public struct Interactivity: Sendable, Equatable, Codable {
        public var isEnabled: Bool
        public var requestURL: String?

        enum CodingKeys: String, CodingKey {
            case isEnabled = "is_enabled"
            case requestURL = "request_url"
        }
    }

    /// Slack's limits: a slash command's description 2,000 characters, its usage hint 1,000.
    static let usageHintLength = 1000

    /// The manifest for the catalog; with `requestURL` (HTTP mode) the slash command and
    /// interactivity post there instead of Socket Mode.
    public init(catalog: CommandCatalog, requestURL: String? = nil) {
        let hint = (["help", "overview"] + catalog.commands.filter { $0.path.count > 1 }.prefix(3).map(\.usage)).joined(separator: " | ")
        displayInformation = DisplayInformation(name: "NexBoard", description: "Chat-ops for Proxmox VE")
        features = Features(
            botUser: BotUser(displayName: "NexBoard", alwaysOnline: true),
            slashCommands: [SlashCommand(
                command: "/nex", description: "Proxmox chat-ops (\(catalog.commands.count) commands, /nex help)",
                usageHint: hint.count <= Self.usageHintLength ? hint : String(hint.prefix(Self.usageHintLength - 1)) + "…",
                shouldEscape: false, url: requestURL.map { "\($0)/slack/commands" })])
        oauthConfig = OAuthConfig(scopes: Scopes(bot: Self.botScopes))
        settings = Settings(interactivity: Interactivity(isEnabled: true, requestURL: requestURL.map { "\($0)/slack/interactivity" }),
                            socketModeEnabled: requestURL == nil)
    }

    /// The manifest as YAML, with a comment on top.
    public func yaml() throws -> String {
        "# Slack app manifest for NexBoard: Slack → Your apps → Create New App → From a manifest.\n"
            + "# Every NexBoard command is typed after /nex, e.g. `/nex vm list --tag lab`.\n"
            + (try YAMLEncoder().encode(self))
    }
}
