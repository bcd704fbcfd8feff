import Foundation
import NexBoardCore
import Yams

extension ConfigReader {
    static let discordKeys = ["token", "token_file", "application_id", "guild_ids", "channel_ids", "allow_dms",
                              "register_commands", "api_url", "gateway_url", "public_key"]
    static let snowflakeForm = "a Discord id (a number like \"80351110224678912\", quoted)"

    /// The `discord` section; nil when it is absent or has problems.
    func readDiscord(_ top: ConfigMapping) -> DiscordConfig? {
        guard top.has("discord"),
              let discord = mapping(top["discord"], at: top.path("discord"), parentMark: top.mark(of: "discord"), keys: Self.discordKeys)
        else { return nil }
        let token = secret("token", in: discord, missing: "is required: the bot token (or token_file)")
        let applicationID = discord.has("application_id")
            ? value("application_id", in: discord, expected: Self.snowflakeForm, parse: Self.snowflake)
            : { report(discord.path("application_id"), "is required: the application id from the Discord developer portal",
                       at: discord.mark(of: "application_id")); return nil }()
        let guildIDs = snowflakes("guild_ids", in: discord)
        let channelIDs = snowflakes("channel_ids", in: discord)
        let allowDMs = bool("allow_dms", in: discord, default: false)
        let register = choice("register_commands", in: discord, among: DiscordConfig.RegisterCommands.allCases.map(\.rawValue))
            .flatMap(DiscordConfig.RegisterCommands.init(rawValue:)) ?? .atStart
        let apiURL = value("api_url", in: discord, expected: "an http(s) URL", parse: { Self.url($0, schemes: ["http", "https"]) })
        let gatewayURL = value("gateway_url", in: discord, expected: "a ws(s) URL", parse: { Self.url($0, schemes: ["ws", "wss"]) })
        let publicKey = value("public_key", in: discord, expected: "the application's public key (64 hex characters)") { text in
            text.count == 64 && text.allSatisfy(\.isHexDigit) ? text.lowercased() : nil
        }
        guard let token, let applicationID else { return nil }
        var config = DiscordConfig(token: token, applicationID: applicationID, guildIDs: guildIDs, channelIDs: channelIDs,
                                   allowDMs: allowDMs, registerCommands: register)
        if let apiURL { config.apiURL = apiURL }
        if let gatewayURL { config.gatewayURL = gatewayURL }
        config.publicKey = publicKey
        return config
    }

    private func snowflakes(_ key: String, in mapping: ConfigMapping) -> [String] {
        list(key, in: mapping, expected: Self.snowflakeForm, example: "[\"80351110224678912\"]", parse: Self.snowflake)
    }

    static func snowflake(_ text: String) -> String? {
        (1...20).contains(text.count) && text.allSatisfy { $0.isASCII && $0.isNumber } ? text : nil
    }

    static func url(_ text: String, schemes: Set<String>) -> String? {
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), schemes.contains(scheme), url.host != nil else { return nil }
        var trimmed = text
        while trimmed.hasSuffix("/") { trimmed.removeLast() }
        return trimmed
    }
}
