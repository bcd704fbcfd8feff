import NexBoardCore

/// The Discord bot (`discord`); absent when NexBoard does not connect to Discord.
public struct DiscordConfig: Sendable, Equatable {
    /// When the application commands are made equal to the catalog.
    public enum RegisterCommands: String, Sendable, Equatable, CaseIterable {
        /// At every start (per guild when `guild_ids` is set, else global).
        case atStart = "at_start"
        /// Only by `nexboard commands register`.
        case never
    }

    /// The bot token (`token` or `token_file`).
    public var token: Secret
    /// The application id (`application_id`), a snowflake.
    public var applicationID: String
    /// Guilds the bot answers in and registers commands to (`guild_ids`); empty: any guild, global commands.
    public var guildIDs: [String]
    /// Channels the bot answers in (`channel_ids`); empty: any channel.
    public var channelIDs: [String]
    /// Whether commands in direct messages are answered (`allow_dms`, default false).
    public var allowDMs: Bool
    /// `register_commands`, default `at_start`.
    public var registerCommands: RegisterCommands
    /// REST base URL (`api_url`, default `https://discord.com/api/v10`); tests point it at the fake.
    public var apiURL: String
    /// Gateway URL (`gateway_url`, default `wss://gateway.discord.gg`).
    public var gatewayURL: String
    /// The application's public key (`public_key`, 64 hex characters); when set, the HTTP page serves
    /// the interactions endpoint at `/discord/interactions`.
    public var publicKey: String?

    public init(token: Secret, applicationID: String, guildIDs: [String] = [], channelIDs: [String] = [], allowDMs: Bool = false,
                registerCommands: RegisterCommands = .atStart, apiURL: String = "https://discord.com/api/v10",
                gatewayURL: String = "wss://gateway.discord.gg", publicKey: String? = nil) {
        self.token = token
        self.applicationID = applicationID
        self.guildIDs = guildIDs
        self.channelIDs = channelIDs
        self.allowDMs = allowDMs
        self.registerCommands = registerCommands
        self.apiURL = apiURL
        self.gatewayURL = gatewayURL
        self.publicKey = publicKey
    }
}
