import Foundation
import NexBoardCore

/// How a webhook sink shapes its POST body.
///
/// The severity follows the one mapping of `AlertSeverity` (JSON `severity`, ntfy and Gotify
/// priorities). A message's fields ride along: as `fields` in JSON, as `name: value` lines after the
/// text elsewhere. Text over a service's limit is cut and ends in "…": Discord 2,000 characters,
/// Slack 4,000, ntfy 4,096 bytes (more would become an attachment), Gotify 10,000 characters.
public enum WebhookFormat: String, Sendable, Hashable, CaseIterable {
    /// `{"title", "text", "severity", "fields", "footer", "actions"}`.
    case json
    /// A Discord incoming webhook: `{"content": ...}`.
    case discord
    /// A Slack incoming webhook: `{"text": ...}`.
    case slack
    /// ntfy: the text as body, title and priority in headers.
    case ntfy
    /// Gotify: `{"title", "message", "priority"}`.
    case gotify

    private struct JSONBody: Encodable {
        struct Field: Encodable { var name, value: String }
        struct Action: Encodable { var label, command: String }
        var title, text, severity, footer: String
        var fields: [Field]
        var actions: [Action]
    }

    private struct DiscordBody: Encodable { var content: String }
    private struct SlackBody: Encodable { var text: String }
    private struct GotifyBody: Encodable { var title, message: String; var priority: Int }

    /// The body and extra headers for a message.
    /// Discord's format keeps the message's markup; the others get plain text.
    public func request(for message: Message) -> (body: Data, headers: [(String, String)]) {
        let message = self == .discord ? message : message.plain
        let title = message.title ?? ""
        let fieldLines = message.fields.map { "\($0.name): \($0.value)" }
        let text = ([message.text].compactMap { $0 } + fieldLines + [message.footer].compactMap { $0 }).joined(separator: "\n")
        let priority = message.severity.pushPriority
        let json = [("Content-Type", "application/json")]
        switch self {
        case .json:
            return (Self.encode(JSONBody(
                title: title, text: message.text ?? "", severity: message.severity.notificationLabel, footer: message.footer ?? "",
                fields: message.fields.map { JSONBody.Field(name: $0.name, value: $0.value) },
                actions: message.buttons.map { JSONBody.Action(label: $0.label, command: $0.command) })), json)
        case .discord:
            return (Self.encode(DiscordBody(content: Clip.characters("**\(title)**\n\(text)", limit: 2000))), json)
        case .slack:
            return (Self.encode(SlackBody(text: Clip.characters("*\(title)*\n\(text)", limit: 4000))), json)
        case .ntfy:
            // Header values must be ASCII: keep the title plain.
            let asciiTitle = String(title.unicodeScalars.filter(\.isASCII).map(Character.init)).trimmingCharacters(in: .whitespaces)
            return (Data(Clip.utf8(text, limit: 4096).utf8),
                    [("Title", asciiTitle), ("Priority", "\(priority)"), ("Content-Type", "text/plain; charset=utf-8")])
        case .gotify:
            return (Self.encode(GotifyBody(title: title, message: Clip.characters(text, limit: 10_000), priority: priority * 2 - 2)), json)
        }
    }

    private static func encode(_ body: some Encodable) -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return (try? encoder.encode(body)) ?? Data("{}".utf8)
    }
}
