/*
 The Responder the dispatcher gets for one Discord interaction.

 A slash command was deferred publicly ("thinking…"). The first public reply replaces it (PATCH
 @original); a first reply that is private (a refusal, a personal answer) deletes the public
 placeholder and goes out as an ephemeral follow-up, because a follow-up right after a deferral
 would take over the deferral's visibility. Later replies are follow-ups.

 A button press was acknowledged with "deferred update": editing the pressed button's message (its
 id is the `buttonMessage` handle) edits @original; new replies are follow-ups.

 Handles are Discord message ids (`@original` until Discord told the id). A rendering over the limits
 gives extra payloads, sent as further follow-ups. Long button commands are stored before sending.
 */
import Logging
import NexBoardCore

/// Sends and edits the replies of one interaction through the interaction's webhook.
public actor DiscordInteractionResponder: Responder {
    public enum Mode: Sendable {
        /// A slash command answered with a public deferral.
        case deferredCommand
        /// A button press answered with a deferred update of `messageID`.
        case componentUpdate(messageID: String)
    }

    private let rest: DiscordREST
    private let token: Secret
    private let renderer: DiscordRenderer
    private let commandStore: any DiscordButtonCommandStore
    private let logger: Logger
    private var mode: Mode
    private var originalPending: Bool
    private var originalID: String?

    public init(rest: DiscordREST, token: Secret, mode: Mode, renderer: DiscordRenderer = DiscordRenderer(),
                commandStore: any DiscordButtonCommandStore, logger: Logger) {
        self.rest = rest
        self.token = token
        self.mode = mode
        self.renderer = renderer
        self.commandStore = commandStore
        self.logger = logger
        if case .componentUpdate(let id) = mode { originalID = id }
        self.originalPending = if case .deferredCommand = mode { true } else { false }
    }

    public func send(_ message: Message) async throws -> ReplyHandle {
        let payloads = try await prepare(message)
        var handle: ReplyHandle
        if originalPending {
            originalPending = false
            if message.visibility == .requester {
                try await rest.send(.deleteOriginalResponse(applicationID: rest.applicationID, token: token), json: nil, logger: logger)
                handle = ReplyHandle(try await rest.createFollowup(token: token, payloads[0], logger: logger).id)
            } else {
                let reference = try await rest.editOriginalResponse(token: token, payloads[0], logger: logger)
                originalID = reference.id
                handle = ReplyHandle(reference.id)
            }
        } else {
            handle = ReplyHandle(try await rest.createFollowup(token: token, payloads[0], logger: logger).id)
        }
        for extra in payloads.dropFirst() {
            let reference = try await rest.createFollowup(token: token, extra, logger: logger)
            // The message with the buttons is the one later edits should reach.
            if extra.components != nil { handle = ReplyHandle(reference.id) }
        }
        return handle
    }

    public func edit(_ handle: ReplyHandle, _ message: Message) async throws {
        let payloads = try await prepare(message)
        if handle.value == originalID || handle.value == "@original" {
            try await rest.editOriginalResponse(token: token, payloads[0], logger: logger)
        } else {
            try await rest.editFollowup(token: token, messageID: handle.value, payloads[0], logger: logger)
        }
        for extra in payloads.dropFirst() {
            try await rest.createFollowup(token: token, extra, logger: logger)
        }
    }

    private func prepare(_ message: Message) async throws -> [DiscordMessagePayload] {
        let rendering = renderer.render(message)
        for (key, command) in rendering.storedCommands {
            try await commandStore.save(command, key: key)
        }
        return rendering.payloads
    }
}
