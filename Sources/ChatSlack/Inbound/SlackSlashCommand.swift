import Foundation

/// A slash command invocation (shared/reference/slack/docs: slash commands): the same fields in a
/// Socket Mode envelope's payload (JSON) and in an HTTP request's form body.
public struct SlackSlashCommand: Sendable, Equatable, Decodable {
    public var teamID: String
    public var channelID: String
    public var userID: String
    /// `/nex`.
    public var command: String
    /// What was typed after the command.
    public var text: String
    public var responseURL: String?
    /// Unique per invocation: the key a repeat is recognised by.
    public var triggerID: String

    enum CodingKeys: String, CodingKey {
        case text, command
        case teamID = "team_id"
        case channelID = "channel_id"
        case userID = "user_id"
        case responseURL = "response_url"
        case triggerID = "trigger_id"
    }

    public init(teamID: String, channelID: String, userID: String, command: String, text: String, responseURL: String?, triggerID: String) {
        self.teamID = teamID
        self.channelID = channelID
        self.userID = userID
        self.command = command
        self.text = text
        self.responseURL = responseURL
        self.triggerID = triggerID
    }

    /// From an HTTP request's `application/x-www-form-urlencoded` fields; nil when one is missing.
    public init?(form: [String: String]) {
        guard let team = form["team_id"], let channel = form["channel_id"], let user = form["user_id"],
              let command = form["command"], let trigger = form["trigger_id"] else { return nil }
        self.init(teamID: team, channelID: channel, userID: user, command: command, text: form["text"] ?? "",
                  responseURL: form["response_url"], triggerID: trigger)
    }

    /// Decodes `application/x-www-form-urlencoded` fields (`+` is a space).
    public static func formFields(_ body: Data) -> [String: String] {
        var fields: [String: String] = [:]
        for pair in String(decoding: body, as: UTF8.self).split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).map {
                String($0).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String($0)
            }
            if let name = parts.first, fields[name] == nil { fields[name] = parts.count > 1 ? parts[1] : "" }
        }
        return fields
    }
}
