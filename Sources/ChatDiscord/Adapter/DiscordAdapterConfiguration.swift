import NexBoardCore

/// Where the Discord adapter connects and whom it answers.
public struct DiscordAdapterConfiguration: Sendable {
    public var token: Secret
    public var applicationID: String
    /// Gateway URL without query (`wss://gateway.discord.gg`); `?v=10&encoding=json` is added.
    public var gatewayURL: String
    /// REST base (`https://discord.com/api/v10`).
    public var apiURL: String
    /// Guilds the bot answers in (empty: any); also where commands are registered per guild.
    public var guildIDs: [String]
    /// Channels the bot answers in (empty: any).
    public var channelIDs: [String]
    /// Whether commands in direct messages are answered.
    public var allowDMs: Bool
    /// Gateway intents; GUILDS (1) is enough for interactions.
    public var intents: Int
    /// The least time between two IDENTIFYs (Discord: one per 5 s at `max_concurrency` 1).
    public var identifyInterval: Duration
    /// The application's public key (hex), for the HTTP interactions endpoint; nil: no endpoint.
    public var publicKey: String?
    /// How long replies use the interaction token (it lives 15 minutes); later, public replies are
    /// edited and posted in the channel with the bot token.
    public var interactionTokenWindow: Duration = .seconds(14 * 60)
    /// How long a fast command may take to answer with its reply itself; past it the interaction is
    /// deferred and the reply edits the deferral (Discord wants a first response within 3 s).
    public var firstReplyWindow: Duration = .seconds(2)

    public init(token: Secret, applicationID: String, gatewayURL: String = "wss://gateway.discord.gg",
                apiURL: String = "https://discord.com/api/v10", guildIDs: [String] = [], channelIDs: [String] = [],
                allowDMs: Bool = false, intents: Int = 1, identifyInterval: Duration = .seconds(5), publicKey: String? = nil) {
        self.token = token
        self.applicationID = applicationID
        self.gatewayURL = gatewayURL
        self.apiURL = apiURL
        self.guildIDs = guildIDs
        self.channelIDs = channelIDs
        self.allowDMs = allowDMs
        self.intents = intents
        self.identifyInterval = identifyInterval
        self.publicKey = publicKey
    }
}

