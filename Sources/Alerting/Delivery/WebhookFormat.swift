import Foundation
import NexBoardCore

/// How a webhook sink shapes its POST body.
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

    /// The body and extra headers for a message.
    /// Discord's format keeps the message's markup; the others get plain text.
    public func request(for message: Message) -> (body: Data, headers: [(String, String)]) {
        let message = self == .discord ? message : message.plain
        let title = message.title ?? ""
        let text = [message.text, message.footer].compactMap { $0 }.joined(separator: "\n")
        let priority: Int = switch message.severity {
        case .error: 5
        case .warning: 4
        default: 3
        }
        func json(_ object: [String: Any]) -> Data {
            (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data("{}".utf8)
        }
        switch self {
        case .json:
            return (json([
                "title": title, "text": message.text ?? "", "severity": message.severity.rawValue, "footer": message.footer ?? "",
                "fields": message.fields.map { ["name": $0.name, "value": $0.value] },
                "actions": message.buttons.map { ["label": $0.label, "command": $0.command] },
            ]), [("Content-Type", "application/json")])
        case .discord:
            return (json(["content": String("**\(title)**\n\(text)".prefix(2000))]), [("Content-Type", "application/json")])
        case .slack:
            return (json(["text": "*\(title)*\n\(text)"]), [("Content-Type", "application/json")])
        case .ntfy:
            // Header values must be ASCII: keep the title plain.
            let asciiTitle = String(title.unicodeScalars.filter(\.isASCII).map(Character.init)).trimmingCharacters(in: .whitespaces)
            return (Data(text.utf8), [("Title", asciiTitle), ("Priority", "\(priority)"), ("Content-Type", "text/plain; charset=utf-8")])
        case .gotify:
            return (json(["title": title, "message": text, "priority": priority * 2 - 2]), [("Content-Type", "application/json")])
        }
    }
}
