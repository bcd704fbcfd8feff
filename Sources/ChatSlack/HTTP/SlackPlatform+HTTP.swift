/*
 HTTP mode: Slack posts signed requests to the HTTP page (request URLs from `http.public_url`).

 - POST /slack/commands: a slash command (form fields). Answered within 3 s with the first reply
   when it is ready in the first-reply window (JSON body), else an empty 200; replies then go
   through the response URL or the Web API;
 - POST /slack/interactivity: `payload=<JSON>` (a button press): an empty 200 at once;
 - POST /slack/events: the Events API; `url_verification` is answered with its challenge, other
   events are acknowledged and ignored.
 Every request must carry a valid signature and a timestamp within 5 minutes (401 otherwise), and
 be at most `maximumBodySize` bytes (413). A retried delivery (`X-Slack-Retry-Num`) of a request
 already handled runs nothing: the shell's dedupe, keyed by trigger id, answers it empty.
 */
import ChatKit
import Foundation
import Logging
import NexBoardCore

extension SlackPlatform {
    /// The paths of HTTP mode's endpoints on the HTTP page (the manifest's request URLs).
    public static let commandsPath = "/slack/commands"
    public static let interactivityPath = "/slack/interactivity"
    public static let eventsPath = "/slack/events"
    /// The most bytes of body an HTTP mode request may have (a button press carries its whole message).
    public static let maximumBodySize = 256 * 1024

    /// HTTP mode's routes; none in Socket Mode.
    public func httpRoutes(inbox: ChatInbox) -> [ChatHTTPRoute] {
        guard configuration.mode == .http else { return [] }
        // The page accepts a little more, so that an oversized request is answered here (413) and logged.
        let transport = Self.maximumBodySize * 2
        return [
            ChatHTTPRoute(path: Self.commandsPath, maximumBodySize: transport) { [self] in await handleHTTP($0, inbox: inbox, kind: .command) },
            ChatHTTPRoute(path: Self.interactivityPath, maximumBodySize: transport) { [self] in await handleHTTP($0, inbox: inbox, kind: .interactivity) },
            ChatHTTPRoute(path: Self.eventsPath, maximumBodySize: transport) { [self] in await handleHTTP($0, inbox: inbox, kind: .event) },
        ]
    }

    enum HTTPKind { case command, interactivity, event }

    /// A Slack acknowledgement over HTTP: empty, or a message (a slash command's first reply).
    enum HTTPAck: Sendable { case empty, message(SlackMessage) }

    func handleHTTP(_ request: ChatHTTPRequest, inbox: ChatInbox, kind: HTTPKind) async -> ChatHTTPResponse {
        guard request.body.count <= Self.maximumBodySize else {
            logger(for: request).notice("Refused an oversized Slack request", metadata: ["bytes": "\(request.body.count)"])
            return Self.answer(413, #"{"error":"request too large"}"#)
        }
        guard let verifier = signatureVerifier else {
            logger(for: request).error("Slack request received but no signing secret is configured")
            return Self.answer(500, #"{"error":"not configured"}"#)
        }
        do {
            try verifier.verify(signature: request.headers["x-slack-signature"], timestamp: request.headers["x-slack-request-timestamp"],
                                body: request.body)
        } catch {
            logger(for: request).notice("Refused a Slack request with a bad signature", metadata: ["reason": "\(error)"])
            return Self.answer(401, #"{"error":"invalid request signature"}"#)
        }
        switch kind {
        case .command:
            guard let command = SlackSlashCommand(form: SlackSlashCommand.formFields(request.body)) else {
                return Self.answer(400, #"{"error":"not a slash command"}"#)
            }
            let slot = InitialResponseSlot<HTTPAck>()
            let frame = SocketModeFrame.slashCommand(envelopeID: command.triggerID, command)
            guard let event = event(for: frame, acknowledge: { try await slot.deliver($0.map(HTTPAck.message) ?? .empty) }) else {
                return Self.answer(200, "")
            }
            inbox.deliver(event)
            switch await slot.wait(atMost: .milliseconds(2_500), sleep: sleeper) {
            case .message(let message)?:
                let body = (try? SlackWebAPI.encoder.encode(SlackWebAPI.ResponseMessage(message: message, replaceOriginal: nil))) ?? Data()
                return ChatHTTPResponse(status: 200, body: body)
            case .empty?, nil:
                return ChatHTTPResponse(status: 200, body: Data())
            }
        case .interactivity:
            let fields = SlackSlashCommand.formFields(request.body)
            guard let payload = fields["payload"],
                  let actions = try? JSONDecoder().decode(SlackBlockActions.self, from: Data(payload.utf8)) else {
                return Self.answer(400, #"{"error":"not an interaction payload"}"#)
            }
            if actions.type == "block_actions",
               let event = event(for: .blockActions(envelopeID: actions.triggerID ?? UUID().uuidString, actions), acknowledge: { _ in }) {
                inbox.deliver(event)
            }
            return ChatHTTPResponse(status: 200, body: Data())
        case .event:
            struct Challenge: Codable {
                var type: String
                var challenge: String?
            }
            guard let challenge = try? JSONDecoder().decode(Challenge.self, from: request.body) else {
                return Self.answer(400, #"{"error":"not an event"}"#)
            }
            if challenge.type == "url_verification", let value = challenge.challenge {
                return ChatHTTPResponse(status: 200, body: (try? JSONEncoder().encode(["challenge": value])) ?? Data())
            }
            return ChatHTTPResponse(status: 200, body: Data())
        }
    }

    private func logger(for request: ChatHTTPRequest) -> Logger {
        var logger = self.platformLogger
        if let retry = request.headers["x-slack-retry-num"] { logger[metadataKey: "slack.retry_num"] = "\(retry)" }
        return logger
    }

    private static func answer(_ status: Int, _ json: String) -> ChatHTTPResponse {
        ChatHTTPResponse(status: status, body: Data(json.utf8))
    }
}
