/*
 The Responder the dispatcher gets for one Discord interaction.

 A fast slash command (not `slow` in the catalog) is answered with its first reply itself when
 that reply is ready within the first-reply window (a FirstReplyWindow); otherwise, and for slow
 commands, the command was deferred, publicly ("thinking…") or, when the answer is known to be
 private (`help`, `whoami`), ephemerally. The first reply of the deferral's visibility replaces it (PATCH
 @original); a first private reply after a public deferral (a refusal found only after asking
 Proxmox) deletes the public placeholder and goes out as an ephemeral follow-up, because a
 follow-up right after a deferral would take over the deferral's visibility. Later replies are
 follow-ups.

 A button press was acknowledged with "deferred update": editing the pressed button's message (its
 id is the `buttonMessage` handle) edits @original; new replies are follow-ups.

 The interaction token lives 15 minutes. A slow task can outlive it: past `tokenWindow`, public
 messages are edited and posted with the bot token in the channel instead (ephemeral ones cannot be).

 Handles are Discord message ids. A rendering over the limits gives extra payloads, sent as further
 messages. Long button commands are stored before sending.
 */
import ChatKit
import Logging
import NexBoardCore

/// Sends and edits the replies of one interaction through the interaction's webhook.
public actor DiscordInteractionResponder: Responder {
    public enum Mode: Sendable {
        /// A slash command answered with a deferral, ephemeral or public.
        case deferredCommand(ephemeral: Bool)
        /// A slash command whose first reply answers it directly when `window` is still open (sent
        /// with `answer`, the interaction's first response); else the adapter deferred it at the
        /// window's end, ephemerally or not. `filesAllowed`: the first response may carry files (the
        /// gateway's REST callback can; the HTTP endpoint's JSON answer cannot).
        case command(ephemeral: Bool, window: FirstReplyWindow, answer: DiscordInteractionRouter.Acknowledge, filesAllowed: Bool)
        /// A button press answered with a deferred update of `messageID`.
        case componentUpdate(messageID: String)
    }

    private let rest: DiscordREST
    private let token: Secret
    private let channelID: String?
    private let renderer: DiscordRenderer
    private let commandStore: any ButtonCommandStore
    private let logger: Logger
    private let tokenExpiresAt: Duration
    private var originalPending: Bool
    private var originalIsEphemeral = false
    /// Set while the first reply may still answer the command directly.
    private var window: (window: FirstReplyWindow, answer: DiscordInteractionRouter.Acknowledge, filesAllowed: Bool)?
    private var originalID: String?
    private var ephemeralIDs: Set<String> = []

    /// - Parameters:
    ///   - channelID: where the interaction happened, for posting and editing after the token's window.
    ///   - tokenWindow: how long the interaction token is used (a little under its 15 minutes).
    public init(rest: DiscordREST, token: Secret, mode: Mode, channelID: String? = nil,
                tokenWindow: Duration = .seconds(14 * 60), renderer: DiscordRenderer = DiscordRenderer(),
                commandStore: any ButtonCommandStore, logger: Logger) {
        self.rest = rest
        self.token = token
        self.channelID = channelID
        self.tokenExpiresAt = rest.deadline(after: tokenWindow)
        self.renderer = renderer
        self.commandStore = commandStore
        self.logger = logger
        if case .componentUpdate(let id) = mode { originalID = id }
        switch mode {
        case .deferredCommand(let ephemeral):
            originalPending = true
            originalIsEphemeral = ephemeral
        case let .command(ephemeral, window, answer, filesAllowed):
            originalPending = true
            originalIsEphemeral = ephemeral
            self.window = (window, answer, filesAllowed)
        case .componentUpdate:
            originalPending = false
        }
    }

    private var tokenExpired: Bool { rest.deadline(after: .zero) >= tokenExpiresAt }

    public func send(_ message: Message) async throws -> ReplyHandle {
        let payloads = try await prepare(message)
        let ephemeral = message.visibility == .requester
        if let window {
            self.window = nil
            if await window.window.claim() == .answerDirectly {
                if payloads.count == 1, window.filesAllowed || payloads[0].files.isEmpty {
                    try await window.answer(DiscordInteractionResponse(kind: .channelMessage, message: payloads[0]))
                    originalPending = false
                    originalID = "@original"
                    if ephemeral { ephemeralIDs.insert("@original") }
                    return ReplyHandle("@original")
                }
                // Several messages, or files the first response cannot carry: acknowledge, then edit.
                try await window.answer(.deferred(ephemeral: ephemeral))
                originalIsEphemeral = ephemeral
            }
        }
        var handle: ReplyHandle
        if originalPending && !tokenExpired {
            originalPending = false
            if ephemeral, !originalIsEphemeral {
                try await rest.send(.deleteOriginalResponse(applicationID: rest.applicationID, token: token), json: nil, logger: logger)
                handle = try await post(payloads[0], ephemeral: true)
            } else {
                let reference = try await rest.editOriginalResponse(token: token, payloads[0], logger: logger)
                originalID = reference.id
                handle = ReplyHandle(reference.id)
            }
        } else {
            handle = try await post(payloads[0], ephemeral: ephemeral)
        }
        for extra in payloads.dropFirst() {
            let posted = try await post(extra, ephemeral: ephemeral)
            // The message with the buttons is the one later edits should reach.
            if extra.components != nil { handle = posted }
        }
        return handle
    }

    public func edit(_ handle: ReplyHandle, _ message: Message) async throws {
        let payloads = try await prepare(message)
        if tokenExpired, let channelID, !ephemeralIDs.contains(handle.value), handle.value != "@original" {
            logger.debug("Interaction token window over; editing through the channel")
            try await rest.editMessage(channelID: channelID, messageID: handle.value, payloads[0], logger: logger)
        } else if handle.value == originalID || handle.value == "@original" {
            try await rest.editOriginalResponse(token: token, payloads[0], logger: logger)
        } else {
            try await rest.editFollowup(token: token, messageID: handle.value, payloads[0], logger: logger)
        }
        for extra in payloads.dropFirst() {
            _ = try await post(extra, ephemeral: message.visibility == .requester)
        }
    }

    /// A new message: a follow-up while the token lives; after that a channel message (public only).
    private func post(_ payload: DiscordMessagePayload, ephemeral: Bool) async throws -> ReplyHandle {
        if tokenExpired, !ephemeral, let channelID {
            return ReplyHandle(try await rest.createMessage(channelID: channelID, payload, logger: logger).id)
        }
        let id = try await rest.createFollowup(token: token, payload, logger: logger).id
        if ephemeral { ephemeralIDs.insert(id) }
        return ReplyHandle(id)
    }

    private func prepare(_ message: Message) async throws -> [DiscordMessagePayload] {
        let rendering = renderer.render(message)
        for (key, command) in rendering.storedCommands {
            try await commandStore.save(command, key: key)
        }
        return rendering.payloads
    }
}
