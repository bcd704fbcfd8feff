/*
 The Block Kit checks Slack runs on a message (shared/reference/slack/docs: block-kit blocks, block
 elements, composition objects): at most 50 blocks; a header's plain_text at most 150 characters; a
 section's text at most 3,000, at most 10 fields of at most 2,000; a context at most 10 elements;
 an actions block at most 25 elements; a button's text at most 75, its value 2,000, its action_id
 255 and unique in the message, its style primary or danger; a confirm dialog's title 100, text 300,
 button texts 30. Slack answers `invalid_blocks` when one fails, `no_text` without text or blocks,
 `msg_too_long` past 40,000 characters of text.
 */
import Foundation

enum FakeSlackValidator {
    /// Slack's error code for the message's arguments, with the violations found; nil when it is valid.
    static func check(_ arguments: [String: Any]) -> (error: String, violations: [String])? {
        let text = arguments["text"] as? String
        let blocks = arguments["blocks"]
        if (text ?? "").isEmpty && blocks == nil { return ("no_text", ["neither text nor blocks"]) }
        if let text, text.count > 40_000 { return ("msg_too_long", ["text of \(text.count) characters"]) }
        guard let blocks else { return nil }
        guard let list = blocks as? [[String: Any]] else { return ("invalid_blocks", ["blocks is not an array of objects"]) }
        let violations = violations(blocks: list)
        return violations.isEmpty ? nil : ("invalid_blocks", violations)
    }

    static func violations(blocks: [[String: Any]]) -> [String] {
        var problems: [String] = []
        if blocks.count > 50 { problems.append("\(blocks.count) blocks (at most 50)") }
        var actionIDs: Set<String> = []
        for (index, block) in blocks.enumerated() {
            let at = "blocks[\(index)]"
            switch block["type"] as? String {
            case "header":
                problems += textProblems(block["text"], at: "\(at).text", limit: 150, plainOnly: true)
            case "section":
                if block["text"] == nil && block["fields"] == nil { problems.append("\(at): a section needs text or fields") }
                if block["text"] != nil { problems += textProblems(block["text"], at: "\(at).text", limit: 3000) }
                if let fields = block["fields"] {
                    let list = fields as? [Any] ?? []
                    if list.isEmpty || list.count > 10 { problems.append("\(at).fields: \(list.count) fields (1 to 10)") }
                    for (number, field) in list.enumerated() {
                        problems += textProblems(field, at: "\(at).fields[\(number)]", limit: 2000)
                    }
                }
            case "context":
                let elements = block["elements"] as? [Any] ?? []
                if elements.isEmpty || elements.count > 10 { problems.append("\(at).elements: \(elements.count) elements (1 to 10)") }
                for (number, element) in elements.enumerated() {
                    problems += textProblems(element, at: "\(at).elements[\(number)]", limit: 3000)
                }
            case "actions":
                let elements = block["elements"] as? [[String: Any]] ?? []
                if elements.isEmpty || elements.count > 25 { problems.append("\(at).elements: \(elements.count) elements (1 to 25)") }
                for (number, element) in elements.enumerated() {
                    let path = "\(at).elements[\(number)]"
                    problems += buttonProblems(element, at: path)
                    if let id = element["action_id"] as? String {
                        if !actionIDs.insert(id).inserted { problems.append("\(path).action_id: `\(id)` is not unique") }
                    }
                }
            case "divider":
                break
            default:
                problems.append("\(at): unknown block type \(block["type"] ?? "none")")
            }
        }
        return problems
    }

    private static func buttonProblems(_ element: [String: Any], at path: String) -> [String] {
        guard element["type"] as? String == "button" else { return ["\(path): only buttons are expected"] }
        var problems = textProblems(element["text"], at: "\(path).text", limit: 75, plainOnly: true)
        if let value = element["value"] as? String, value.count > 2000 { problems.append("\(path).value: over 2,000 characters") }
        if let id = element["action_id"] as? String, id.isEmpty || id.count > 255 { problems.append("\(path).action_id: 1 to 255 characters") }
        if let style = element["style"] as? String, !["primary", "danger"].contains(style) { problems.append("\(path).style: `\(style)`") }
        if let confirm = element["confirm"] as? [String: Any] {
            problems += textProblems(confirm["title"], at: "\(path).confirm.title", limit: 100, plainOnly: true)
            problems += textProblems(confirm["text"], at: "\(path).confirm.text", limit: 300)
            problems += textProblems(confirm["confirm"], at: "\(path).confirm.confirm", limit: 30, plainOnly: true)
            problems += textProblems(confirm["deny"], at: "\(path).confirm.deny", limit: 30, plainOnly: true)
        } else if element["confirm"] != nil {
            problems.append("\(path).confirm: not an object")
        }
        return problems
    }

    private static func textProblems(_ value: Any?, at path: String, limit: Int, plainOnly: Bool = false) -> [String] {
        guard let object = value as? [String: Any], let type = object["type"] as? String, let text = object["text"] as? String else {
            return ["\(path): a text object is required"]
        }
        var problems: [String] = []
        if plainOnly ? type != "plain_text" : !["plain_text", "mrkdwn"].contains(type) { problems.append("\(path): type `\(type)`") }
        if text.isEmpty { problems.append("\(path): empty text") }
        if text.count > limit { problems.append("\(path): \(text.count) characters (at most \(limit))") }
        return problems
    }
}
