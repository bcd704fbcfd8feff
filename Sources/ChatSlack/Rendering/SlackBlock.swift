/// Block Kit, as much of it as NexBoard sends (shared/reference/slack/docs: blocks, block elements,
/// composition objects). Built from types and encoded, never written by hand.

/// A text object: `plain_text` (headers, buttons) or `mrkdwn`.
public struct SlackText: Sendable, Equatable, Encodable {
    public enum Kind: String, Sendable, Encodable { case plainText = "plain_text", mrkdwn }

    public var type: Kind
    public var text: String
    /// Emoji codes (`:warning:`) shown as emoji; plain_text only.
    public var emoji: Bool?

    public static func plain(_ text: String) -> SlackText { SlackText(type: .plainText, text: text, emoji: true) }
    public static func mrkdwn(_ text: String) -> SlackText { SlackText(type: .mrkdwn, text: text, emoji: nil) }
}

/// Slack's own "are you sure?" dialog on a button.
public struct SlackConfirm: Sendable, Equatable, Encodable {
    public var title: SlackText
    public var text: SlackText
    public var confirm: SlackText
    public var deny: SlackText
    public var style: String?
}

/// A button element: its `value` is the command line it sends (or a stored command's key).
public struct SlackButton: Sendable, Equatable, Encodable {
    public var type = "button"
    public var text: SlackText
    public var actionID: String
    public var value: String
    /// `primary` or `danger`; nil: the default look.
    public var style: String?
    public var confirm: SlackConfirm?

    enum CodingKeys: String, CodingKey {
        case type, text, value, style, confirm
        case actionID = "action_id"
    }
}

/// One layout block.
public enum SlackBlock: Sendable, Equatable, Encodable {
    case header(SlackText)
    case section(text: SlackText?, fields: [SlackText]?)
    case context([SlackText])
    case actions(blockID: String, elements: [SlackButton])
    case divider

    private enum CodingKeys: String, CodingKey {
        case type, text, fields, elements
        case blockID = "block_id"
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .header(let text):
            try container.encode("header", forKey: .type)
            try container.encode(text, forKey: .text)
        case .section(let text, let fields):
            try container.encode("section", forKey: .type)
            try container.encodeIfPresent(text, forKey: .text)
            try container.encodeIfPresent(fields, forKey: .fields)
        case .context(let elements):
            try container.encode("context", forKey: .type)
            try container.encode(elements, forKey: .elements)
        case .actions(let blockID, let elements):
            try container.encode("actions", forKey: .type)
            try container.encode(blockID, forKey: .blockID)
            try container.encode(elements, forKey: .elements)
        case .divider:
            try container.encode("divider", forKey: .type)
        }
    }

    /// The buttons of an actions block.
    var buttons: [SlackButton] {
        if case .actions(_, let elements) = self { return elements }
        return []
    }
}

/// One Slack message: the `text` fallback (notifications, screen readers; always set) and its blocks.
/// The Web API methods and response URLs add where it goes.
public struct SlackMessage: Sendable, Equatable, Encodable {
    public var text: String
    public var blocks: [SlackBlock]
    /// Only the requester sees it (an ephemeral message).
    public var ephemeral: Bool

    enum CodingKeys: String, CodingKey { case text, blocks }
}
