import NexBoardCore

/// Where the Slack adapter connects and whom it answers.
public struct SlackAdapterConfiguration: Sendable {
    /// How Slack reaches NexBoard.
    public enum Mode: String, Sendable, CaseIterable {
        /// NexBoard opens a WebSocket to Slack (no public URL needed): the app-level token.
        case socket
        /// Slack posts signed requests to the HTTP page: the signing secret.
        case http
    }

    /// The bot token (`xoxb-`): Web API calls.
    public var botToken: Secret
    /// The app-level token (`xapp-`, scope `connections:write`): Socket Mode.
    public var appToken: Secret?
    /// The signing secret: HTTP mode's request signatures.
    public var signingSecret: Secret?
    public var mode: Mode
    /// Web API base (`https://slack.com/api`).
    public var apiURL: String
    /// Channels the bot answers in (empty: any).
    public var channelIDs: [String]
    /// Workspaces the bot answers (empty: any).
    public var teamIDs: [String]
    /// How long a fast command may take to answer with its reply in the acknowledgement itself;
    /// past it the request is acknowledged empty and the reply follows (Slack wants the ack within 3 s).
    public var firstReplyWindow: Duration = .seconds(2)
    /// How long a response URL is used (it works 30 minutes, 5 times); later, replies go through the Web API.
    public var responseURLWindow: Duration = .seconds(29 * 60)

    public init(botToken: Secret, appToken: Secret? = nil, signingSecret: Secret? = nil, mode: Mode = .socket,
                apiURL: String = "https://slack.com/api", channelIDs: [String] = [], teamIDs: [String] = []) {
        self.botToken = botToken
        self.appToken = appToken
        self.signingSecret = signingSecret
        self.mode = mode
        self.apiURL = apiURL
        self.channelIDs = channelIDs
        self.teamIDs = teamIDs
    }
}
