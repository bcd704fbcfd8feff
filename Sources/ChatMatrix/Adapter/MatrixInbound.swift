import Foundation

/*
 What one room event means to the bot, decided without I/O: a command (a message starting with the
 prefix), a reaction on one of its messages, a `confirm`/`cancel` replied to one of its messages,
 or nothing. Ignored: the bot's own events, notices (other bots), emotes and anything not text,
 edits (an edited old command does not run again), events from before the bot started listening,
 and anything malformed: a missing body, a number where text belongs.
 */

/// A room event, classified.
enum MatrixInbound: Sendable, Equatable {
    /// A command line, prefix removed (`help` when only the prefix was typed).
    case command(line: String)
    /// A reaction with `key` (variation selectors removed) on the event `target`.
    case reaction(target: String, key: String)
    /// A reply to the event `target` that is one word, `confirm` or `cancel` (with or without prefix);
    /// `confirm <id>` replied without the prefix is a command.
    case replyVerb(target: String, verb: String)
    /// A command too long to be one (more than `MatrixInbound.maximumLength` characters).
    case tooLong
    case ignored(reason: String)

    /// The longest command line read; longer messages are answered with a refusal.
    static let maximumLength = 2_000

    /// Classifies `event`.
    /// - Parameters:
    ///   - bot: the bot's user id: its own events are ignored.
    ///   - notBefore: milliseconds since 1970; older events are ignored.
    static func classify(_ event: MatrixEvent, bot: String, prefix: String, notBefore: Double) -> MatrixInbound {
        guard let sender = event.sender, event.eventID != nil else { return .ignored(reason: "malformed") }
        guard sender != bot else { return .ignored(reason: "own event") }
        guard let time = event.originServerTS, time >= notBefore else { return .ignored(reason: "older than the start") }
        let relation = event.content["m.relates_to"]
        switch event.type {
        case "m.reaction":
            guard relation?["rel_type"]?.string == "m.annotation", let target = relation?["event_id"]?.string,
                  let key = relation?["key"]?.string, key.count <= 16 else { return .ignored(reason: "malformed reaction") }
            return .reaction(target: target, key: MatrixRenderer.normalizedReaction(key))
        case "m.room.message":
            guard event.content["msgtype"]?.string == "m.text" else { return .ignored(reason: "not text") }
            guard let body = event.content["body"]?.string else { return .ignored(reason: "no body") }
            guard relation?["rel_type"]?.string != "m.replace" else { return .ignored(reason: "an edit") }
            let text = withoutReplyFallback(body).trimmingCharacters(in: .whitespacesAndNewlines)
            let line = commandLine(text, prefix: prefix)
            if let target = relation?["m.in_reply_to"]?["event_id"]?.string {
                // `confirm`, or `confirm <id>` as the question says, replied to the question.
                let words = (line ?? text).split(whereSeparator: \.isWhitespace).map { $0.lowercased() }
                if let verb = words.first, verb == "confirm" || verb == "cancel" {
                    if words.count == 1 { return .replyVerb(target: target, verb: verb) }
                    if words.count == 2 { return .command(line: (line ?? text)) }
                }
            }
            guard let line else { return .ignored(reason: "not a command") }
            guard line.count <= maximumLength else { return .tooLong }
            return .command(line: line.isEmpty ? "help" : line)
        default:
            return .ignored(reason: "not a message")
        }
    }

    /// The thread a message was posted in (its root event), if any.
    static func threadRoot(of event: MatrixEvent) -> String? {
        let relation = event.content["m.relates_to"]
        guard relation?["rel_type"]?.string == "m.thread" else { return nil }
        return relation?["event_id"]?.string
    }

    /// What follows the prefix, when `text` starts with it as a word; nil otherwise.
    static func commandLine(_ text: String, prefix: String) -> String? {
        guard text.lowercased().hasPrefix(prefix.lowercased()) else { return nil }
        let rest = text.dropFirst(prefix.count)
        guard rest.isEmpty || rest.first?.isWhitespace == true else { return nil }
        return rest.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// A rich reply's body without the quoted fallback (`> <@alice:server> …` lines and the blank line after).
    static func withoutReplyFallback(_ body: String) -> String {
        guard body.hasPrefix("> ") else { return body }
        var lines = body.split(separator: "\n", omittingEmptySubsequences: false)[...]
        while let first = lines.first, first.hasPrefix(">") { lines.removeFirst() }
        if lines.first?.isEmpty == true { lines.removeFirst() }
        return lines.joined(separator: "\n")
    }
}
