import ChatSlack
import Foundation
import NexBoardCore
import Yams

extension ConfigReader {
    static let slackKeys = ["bot_token", "bot_token_file", "app_token", "app_token_file", "signing_secret", "signing_secret_file",
                            "mode", "channel_ids", "team_ids", "api_url"]

    /// The `slack` section; nil when it is absent or has problems. `publicURL`: `http.public_url`,
    /// which HTTP mode needs (Slack posts there).
    func readSlack(_ top: ConfigMapping, publicURL: String?) -> SlackConfig? {
        guard top.has("slack"),
              let slack = mapping(top["slack"], at: top.path("slack"), parentMark: top.mark(of: "slack"), keys: Self.slackKeys)
        else { return nil }
        let mode = choice("mode", in: slack, among: SlackConfig.Mode.allCases.map(\.rawValue)).flatMap(SlackConfig.Mode.init(rawValue:)) ?? .socket
        let botToken = slackToken("bot_token", in: slack, prefix: "xoxb-", required: "is required: the bot token (xoxb-…, or bot_token_file)")
        let appToken = slackToken("app_token", in: slack, prefix: "xapp-",
                                  required: mode == .socket ? "is required in Socket Mode: the app-level token (xapp-… with connections:write, or app_token_file)" : nil)
        let signingSecret = slack.has("signing_secret") || slack.has("signing_secret_file") || mode == .http
            ? secret("signing_secret", in: slack, missing: "is required in HTTP mode: the app's signing secret (or signing_secret_file)")
            : nil
        if mode == .http, publicURL == nil {
            report(slack.path("mode"), "http needs http.public_url: Slack posts commands and button presses there", at: slack.mark(of: "mode"))
        }
        let channelIDs = slackIDs("channel_ids", in: slack, form: "a Slack channel id like \"C0123ABCD\"", first: ["C", "G", "D"])
        let teamIDs = slackIDs("team_ids", in: slack, form: "a Slack workspace id like \"T0123ABCD\"", first: ["T", "E"])
        let apiURL = value("api_url", in: slack, expected: "an http(s) URL", parse: { Self.url($0, schemes: ["http", "https"]) })
        guard let botToken else { return nil }
        if mode == .socket, appToken == nil { return nil }
        if mode == .http, signingSecret == nil { return nil }
        var config = SlackConfig(botToken: botToken, appToken: appToken, signingSecret: signingSecret, mode: mode,
                                 channelIDs: channelIDs, teamIDs: teamIDs)
        if let apiURL { config.apiURL = apiURL }
        return config
    }

    /// A token given inline or as a file, which must start with `prefix`; `required` nil: optional.
    private func slackToken(_ key: String, in mapping: ConfigMapping, prefix: String, required: String?) -> Secret? {
        guard required != nil || mapping.has(key) || mapping.has(key + "_file") else { return nil }
        guard let token = secret(key, in: mapping, missing: required ?? "") else { return nil }
        guard token.value.hasPrefix(prefix) else {
            report(mapping.path(key), "expected a token starting with \(prefix) (the value is not shown)", at: mapping.mark(of: key) ?? mapping.mark(of: key + "_file"))
            return nil
        }
        return token
    }

    private func slackIDs(_ key: String, in mapping: ConfigMapping, form: String, first: Set<Character>) -> [String] {
        list(key, in: mapping, expected: form, example: "[\"\(first.sorted()[0])0123ABCD\"]") { text in
            guard let initial = text.first, first.contains(initial), (2...30).contains(text.count),
                  text.allSatisfy({ $0.isASCII && ($0.isUppercase || $0.isNumber) }) else { return nil }
            return text
        }
    }
}
