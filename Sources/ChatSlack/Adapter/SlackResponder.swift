/*
 The Responder the dispatcher gets for one slash command or button press.

 A fast command's first reply goes out in the acknowledgement itself when it is ready within the
 first-reply window (Socket Mode ack payload, or the HTTP response): `response_type` in_channel or
 ephemeral, handle "original". Otherwise the request was acknowledged empty, and replies go out:
 - public: `chat.postMessage` in the channel (handle "ts:<ts>", edited with `chat.update` as often
   as a task needs). In a channel the bot is not in (`not_in_channel`, `channel_not_found`) the
   reply goes through the response URL instead, with a note on inviting the bot (alerts need it);
 - private: through the response URL as an ephemeral message, else `chat.postEphemeral`.
 Editing "original", an ephemeral reply, or the pressed button's message (its ts is the
 `buttonMessage` handle) uses the response URL with `replace_original`, while it works (5 uses, 30
 minutes); after that a public pressed message is edited with `chat.update`, and anything else is
 sent anew. Long button commands are stored before sending. Long output and pictures are uploaded to
 the channel after the message (SlackAttachments); what Slack refuses follows as text.
 */
import ChatKit
import Logging
import NexBoardCore

/// Sends and edits the replies of one Slack request.
public actor SlackResponder: Responder {
    /// What answers the request first: its acknowledgement, carrying a message or nothing.
    public typealias Acknowledge = @Sendable (SlackMessage?) async throws -> Void

    private let api: SlackWebAPI
    private let renderer: SlackRenderer
    private let attachments: SlackAttachments
    private let commandStore: any ButtonCommandStore
    private let channel: String
    private let user: String
    private let responseURL: String?
    private var responseURLUses = 0
    private let responseURLExpired: @Sendable () -> Bool
    private var window: (window: FirstReplyWindow, answer: Acknowledge)?
    private let pressed: (ts: String, ephemeral: Bool)?
    private let logger: Logger

    static let inviteNote = "NexBoard is not in this channel: invite it with `/invite @NexBoard` to use alerts and task progress here."

    /// - Parameters:
    ///   - window: for a fast command, the first-reply window and how the acknowledgement carries a reply.
    ///   - pressed: the message whose button was pressed (its ts, whether it is ephemeral).
    ///   - responseURLExpired: true once the response URL must no longer be used.
    public init(api: SlackWebAPI, renderer: SlackRenderer = SlackRenderer(), commandStore: any ButtonCommandStore, channel: String,
                user: String, responseURL: String?, responseURLExpired: @escaping @Sendable () -> Bool,
                window: (FirstReplyWindow, Acknowledge)? = nil, pressed: (ts: String, ephemeral: Bool)? = nil, logger: Logger) {
        self.api = api
        self.renderer = renderer
        self.attachments = SlackAttachments(api: api, renderer: renderer)
        self.commandStore = commandStore
        self.channel = channel
        self.user = user
        self.responseURL = responseURL
        self.responseURLExpired = responseURLExpired
        self.window = window.map { ($0.0, $0.1) }
        self.pressed = pressed
        self.logger = logger
    }

    public func send(_ message: Message) async throws -> ReplyHandle {
        let rendering = try await prepare(message)
        let messages = rendering.messages
        if let window {
            self.window = nil
            if await window.window.claim() == .answerDirectly {
                var answered = false
                do {
                    try await window.answer(messages.count == 1 ? messages[0] : nil)
                    answered = messages.count == 1
                } catch {
                    // The connection the request came on is gone: Slack sends it again (a repeat, acknowledged
                    // empty), so the reply goes out the ordinary way instead of being lost.
                    logger.notice("Could not answer in the acknowledgement; posting the reply", metadata: ["error": "\(error)"])
                }
                if answered {
                    try await share(rendering, of: message)
                    return ReplyHandle("original")
                }
            }
        }
        var handle = try await post(messages[0])
        for extra in messages.dropFirst() {
            let posted = try await post(extra)
            // The message with the buttons is the one later edits should reach.
            if extra.blocks.contains(where: { !$0.buttons.isEmpty }) { handle = posted }
        }
        try await share(rendering, of: message)
        return handle
    }

    public func edit(_ handle: ReplyHandle, _ message: Message) async throws {
        let rendering = try await prepare(message)
        let first = rendering.messages[0]
        if handle.value.hasPrefix("ts:") {
            try await api.update(first, channel: channel, ts: String(handle.value.dropFirst(3)), logger: logger)
        } else if takeResponseURL(), let responseURL {
            try await api.respond(to: responseURL, first, replaceOriginal: true, logger: logger)
        } else if let pressed, handle.value == pressed.ts, !pressed.ephemeral {
            try await api.update(first, channel: channel, ts: pressed.ts, logger: logger)
        } else {
            logger.debug("Reply cannot be edited any more; sending it anew")
            _ = try await post(first)
        }
        for extra in rendering.messages.dropFirst() {
            _ = try await post(extra)
        }
        try await share(rendering, of: message)
    }

    /// Uploads the rendering's files and picture after its messages; what Slack refuses follows as text.
    private func share(_ rendering: SlackRendering, of message: Message) async throws {
        guard !rendering.files.isEmpty || rendering.image != nil else { return }
        try await attachments.share(rendering, of: message, in: channel, logger: logger) { part in
            _ = try await self.post(part)
        }
    }

    /// A new message in the channel, public or only for the requester.
    private func post(_ message: SlackMessage) async throws -> ReplyHandle {
        if message.ephemeral {
            if takeResponseURL(), let responseURL {
                try await api.respond(to: responseURL, message, replaceOriginal: false, logger: logger)
                return ReplyHandle("ephemeral")
            }
            try await api.postEphemeral(message, channel: channel, user: user, logger: logger)
            return ReplyHandle("ephemeral")
        }
        do {
            return ReplyHandle("ts:" + (try await api.postMessage(message, channel: channel, logger: logger)))
        } catch let error as SlackAPIError where ["not_in_channel", "channel_not_found"].contains(error.code ?? "") {
            guard takeResponseURL(), let responseURL else { throw error }
            logger.info("Not in the channel; replying through the response URL", metadata: ["error": "\(error.code ?? "")"])
            var noted = message
            if noted.blocks.count < SlackLimits.blocksPerMessage { noted.blocks.append(.context([.mrkdwn(Self.inviteNote)])) }
            try await api.respond(to: responseURL, noted, replaceOriginal: false, logger: logger)
            return ReplyHandle("original")
        }
    }

    /// Counts a use of the response URL; false when there is none or it is used up or expired.
    private func takeResponseURL() -> Bool {
        guard responseURL != nil, responseURLUses < 5, !responseURLExpired() else { return false }
        responseURLUses += 1
        return true
    }

    private func prepare(_ message: Message) async throws -> SlackRendering {
        let rendering = renderer.render(message)
        for (key, command) in rendering.storedCommands {
            try await commandStore.save(command, key: key)
        }
        return rendering
    }
}
