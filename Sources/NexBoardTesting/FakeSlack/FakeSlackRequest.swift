import Foundation

/// A request the bot made to the fake Slack: a Web API method call or a `response_url` post.
public struct FakeSlackRequest: Sendable {
    /// The Web API method (`chat.postMessage`), or `response_url` for a post to a response URL.
    public var method: String
    /// The bearer token sent (nil for response URLs, which need none).
    public var token: String?
    /// The body as sent: JSON, or form fields (`application/x-www-form-urlencoded`).
    public var body: Data
    public var isForm: Bool
    /// What the fake answered: nil when `ok: true`, else Slack's error code (`invalid_blocks`, `ratelimited`…).
    public var error: String?
    /// The limit violations found (the fake answered `invalid_blocks` when there were any).
    public var violations: [String]
    /// When the fake read it.
    public var receivedAt: ContinuousClock.Instant = .now

    /// The arguments: the JSON body's object, or the form fields (a `blocks` field decoded from its JSON).
    public var arguments: [String: Any] { FakeSlackRequest.arguments(body, isForm: isForm) }

    static func arguments(_ body: Data, isForm: Bool) -> [String: Any] {
        guard isForm else { return ((try? JSONSerialization.jsonObject(with: body)) as? [String: Any]) ?? [:] }
        var fields: [String: Any] = [:]
        for pair in String(decoding: body, as: UTF8.self).split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1).map {
                String($0).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String($0)
            }
            guard let name = parts.first else { continue }
            let value = parts.count > 1 ? parts[1] : ""
            if name == "blocks", let decoded = try? JSONSerialization.jsonObject(with: Data(value.utf8)) {
                fields[name] = decoded
            } else {
                fields[name] = value
            }
        }
        return fields
    }

    /// A string argument.
    public func string(_ name: String) -> String? { arguments[name] as? String }

    /// The blocks sent, each as a JSON object.
    public var blocks: [[String: Any]] { arguments["blocks"] as? [[String: Any]] ?? [] }

    /// Every text the blocks show (headers, sections, fields, context, button labels), joined by newlines,
    /// followed by the `text` fallback: what a test reads to know what the user saw.
    public var shownText: String {
        var texts: [String] = []
        func collect(_ value: Any) {
            if let object = value as? [String: Any] {
                if let type = object["type"] as? String, ["plain_text", "mrkdwn"].contains(type), let text = object["text"] as? String {
                    texts.append(text)
                }
                for (key, inner) in object where key != "confirm" { collect(inner) }
            } else if let array = value as? [Any] {
                array.forEach(collect)
            }
        }
        collect(blocks)
        if let text = string("text") { texts.append(text) }
        return texts.joined(separator: "\n")
    }

    /// The commands of the buttons sent (their `value`s), in order.
    public var buttonValues: [String] {
        blocks.filter { $0["type"] as? String == "actions" }
            .flatMap { $0["elements"] as? [[String: Any]] ?? [] }
            .compactMap { $0["value"] as? String }
    }
}
