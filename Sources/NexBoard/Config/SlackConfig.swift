import ChatSlack
import NexBoardCore

/// The Slack app (`slack`); absent when NexBoard does not connect to Slack.
public struct SlackConfig: Sendable, Equatable {
    public typealias Mode = SlackAdapterConfiguration.Mode

    /// The bot token, `xoxb-…` (`bot_token` or `bot_token_file`).
    public var botToken: Secret
    /// The app-level token, `xapp-…`, with `connections:write` (`app_token` or `app_token_file`): Socket Mode.
    public var appToken: Secret?
    /// The signing secret (`signing_secret` or `signing_secret_file`): HTTP mode.
    public var signingSecret: Secret?
    /// `socket` (default: no public URL needed) or `http` (Slack posts to `http.public_url`).
    public var mode: Mode
    /// Channels the bot answers in (`channel_ids`); empty: any channel.
    public var channelIDs: [String]
    /// Workspaces the bot answers (`team_ids`); empty: any.
    public var teamIDs: [String]
    /// Web API base URL (`api_url`, default `https://slack.com/api`); tests and proxies point it elsewhere.
    public var apiURL: String

    public init(botToken: Secret, appToken: Secret? = nil, signingSecret: Secret? = nil, mode: Mode = .socket, channelIDs: [String] = [],
                teamIDs: [String] = [], apiURL: String = "https://slack.com/api") {
        self.botToken = botToken
        self.appToken = appToken
        self.signingSecret = signingSecret
        self.mode = mode
        self.channelIDs = channelIDs
        self.teamIDs = teamIDs
        self.apiURL = apiURL
    }

    /// The adapter's configuration.
    public var adapter: SlackAdapterConfiguration {
        SlackAdapterConfiguration(botToken: botToken, appToken: appToken, signingSecret: signingSecret, mode: mode, apiURL: apiURL,
                                  channelIDs: channelIDs, teamIDs: teamIDs)
    }
}
