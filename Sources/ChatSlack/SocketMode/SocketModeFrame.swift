import Foundation

/// One Socket Mode message from Slack (shared/reference/slack/slack-socket-mode-examples.json):
/// `hello`, `disconnect` with its reason, or an envelope to acknowledge by its `envelope_id`.
enum SocketModeFrame: Sendable, Equatable {
    case hello
    /// `warning` (about 10 s before the connection is closed), `refresh_requested`, `link_disabled`.
    case disconnect(reason: String)
    case slashCommand(envelopeID: String, SlackSlashCommand)
    case blockActions(envelopeID: String, SlackBlockActions)
    /// An envelope NexBoard does not act on (events, other interactions): acknowledged only.
    case other(envelopeID: String, type: String)
    /// Something NexBoard does not know: logged.
    case unknown(type: String)

    private struct Head: Decodable {
        var type: String
        var envelopeID: String?
        var reason: String?

        enum CodingKeys: String, CodingKey {
            case type, reason
            case envelopeID = "envelope_id"
        }
    }

    private struct Body<Payload: Decodable>: Decodable { var payload: Payload }

    init(text: String) throws {
        let data = Data(text.utf8)
        let head = try JSONDecoder().decode(Head.self, from: data)
        switch (head.type, head.envelopeID) {
        case ("hello", _):
            self = .hello
        case ("disconnect", _):
            self = .disconnect(reason: head.reason ?? "unknown")
        case ("slash_commands", let id?):
            // An envelope whose payload does not read is still acknowledged, so Slack does not send it again.
            guard let command = try? JSONDecoder().decode(Body<SlackSlashCommand>.self, from: data).payload else {
                self = .other(envelopeID: id, type: "unreadable slash_commands")
                return
            }
            self = .slashCommand(envelopeID: id, command)
        case ("interactive", let id?):
            guard let actions = try? JSONDecoder().decode(Body<SlackBlockActions>.self, from: data).payload else {
                self = .other(envelopeID: id, type: "unreadable interactive")
                return
            }
            self = actions.type == "block_actions" ? .blockActions(envelopeID: id, actions) : .other(envelopeID: id, type: "interactive:\(actions.type)")
        case (let type, let id?):
            self = .other(envelopeID: id, type: type)
        case (let type, nil):
            self = .unknown(type: type)
        }
    }
}
