/*
 One interaction, from arrival to the hand-over to the dispatcher.

 Where: a DM is refused unless allowed; guild and channel allow-lists are checked. Then:
 - slash command: first what can be decided without Proxmox (`admit`): a refusal is the first
   answer, ephemeral, so the channel never sees a placeholder for it. A slow command (it follows a
   task) is deferred at once, ephemerally when the answer will be private; a fast one is answered
   with its reply itself when it comes within the first-reply window, else deferred at the window's
   end. The command line built from the (sub)command path and options goes to the handler;
 - button: admitted the same way (a refusal is an ephemeral message), else a deferred update at
   once; the `custom_id` is the command line (or the key of a stored one), origin `.button`, and
   the pressed message is the `buttonMessage` handle;
 - autocomplete: the provider's choices, at most 25.
 Every refusal is ephemeral. The gateway and the HTTP endpoint both land here.
 */
import Foundation
import ChatKit
import Logging
import NexBoardCore

/// Turns Discord interactions into `ChatRequest`s and answers them.
public struct DiscordInteractionRouter: Sendable {
    public let configuration: DiscordAdapterConfiguration
    public let rest: DiscordREST
    private let handler: any ChatRequestHandling
    private let commandStore: any ButtonCommandStore
    private let renderer: DiscordRenderer
    private let sleep: @Sendable (Duration) async throws -> Void

    public init(configuration: DiscordAdapterConfiguration, rest: DiscordREST, commandStore: any ButtonCommandStore,
                renderer: DiscordRenderer = DiscordRenderer(), handler: any ChatRequestHandling,
                sleep: @escaping @Sendable (Duration) async throws -> Void = { try await Task.sleep(for: $0) }) {
        self.configuration = configuration
        self.sleep = sleep
        self.rest = rest
        self.handler = handler
        self.commandStore = commandStore
        self.renderer = renderer
    }

    /// Delivers the first answer to an interaction. Over the gateway it is the REST callback; over the
    /// HTTP endpoint it is the HTTP response.
    public typealias Acknowledge = @Sendable (DiscordInteractionResponse) async throws -> Void

    /// Handles one interaction to the end (the dispatcher's reply sent). Never throws: failures are logged.
    /// - Parameter acknowledge: how the first answer goes out; nil: the REST interaction callback.
    @discardableResult
    public func handle(_ interaction: DiscordInteraction, logger baseLogger: Logger, acknowledge: Acknowledge? = nil) async -> DispatchOutcome? {
        var logger = baseLogger
        logger[metadataKey: ChatRequest.logMetadataKey] = "discord-\(interaction.id)"
        logger[metadataKey: "discord.interaction_type"] = "\(interaction.type.rawValue)"
        let token = Secret(interaction.token)
        let rest = rest
        let respond: Acknowledge = acknowledge ?? { [logger] response in
            try await rest.respond(toInteraction: interaction.id, token: token, with: response, logger: logger)
        }
        do {
            if let refusal = refusal(for: interaction) {
                logger.info("Discord interaction refused by location", metadata: ["reason": "\(refusal)"])
                if interaction.type == .autocomplete {
                    try await respond(.autocomplete([]))
                } else {
                    let payload = renderer.render(.privateError(refusal)).payloads[0]
                    try await respond(DiscordInteractionResponse(kind: .channelMessage, message: payload))
                }
                return .denied
            }
            switch interaction.type {
            case .ping:
                try await respond(DiscordInteractionResponse(kind: .pong))
                return nil
            case .applicationCommand:
                guard let line = interaction.commandLine, let user = interaction.actingUser else { return nil }
                let typed = request(interaction, user: user, line: line, origin: .typed)
                switch await handler.admit(typed) {
                case .refused(let message, let outcome):
                    try await respond(DiscordInteractionResponse(kind: .channelMessage, message: renderer.render(message).payloads[0]))
                    return outcome
                case .accepted(let visibility, true):
                    let ephemeral = visibility == .requester
                    try await respond(.deferred(ephemeral: ephemeral))
                    let responder = DiscordInteractionResponder(rest: rest, token: token, mode: .deferredCommand(ephemeral: ephemeral),
                                                                channelID: interaction.channelID,
                                                                tokenWindow: configuration.interactionTokenWindow,
                                                                commandStore: commandStore, logger: logger)
                    return await handler.handle(typed, responder: responder, buttonMessage: nil)
                case .accepted(let visibility, false):
                    return await answerFast(typed, ephemeral: visibility == .requester, token: token, channelID: interaction.channelID,
                                            filesAllowed: acknowledge == nil, respond: respond, logger: logger)
                }
            case .messageComponent:
                guard let user = interaction.actingUser, let customID = interaction.data?.customID,
                      let messageID = interaction.message?.id
                else { return nil }
                let line: String
                if customID.hasPrefix(ButtonCommands.keyPrefix) {
                    guard let stored = try await commandStore.command(forKey: customID) else {
                        logger.notice("Pressed button's stored command is gone")
                        let payload = renderer.render(.privateError("This button has expired. Run the command again.")).payloads[0]
                        try await respond(DiscordInteractionResponse(kind: .channelMessage, message: payload))
                        return .invalid
                    }
                    line = stored
                } else {
                    line = customID
                }
                let pressed = request(interaction, user: user, line: line, origin: .button)
                if case .refused(let message, let outcome) = await handler.admit(pressed) {
                    try await respond(DiscordInteractionResponse(kind: .channelMessage, message: renderer.render(message).payloads[0]))
                    return outcome
                }
                try await respond(.deferredUpdate)
                let responder = DiscordInteractionResponder(rest: rest, token: token, mode: .componentUpdate(messageID: messageID),
                                                            channelID: interaction.channelID, tokenWindow: configuration.interactionTokenWindow,
                                                            commandStore: commandStore, logger: logger)
                return await handler.handle(pressed, responder: responder, buttonMessage: ReplyHandle(messageID))
            case .autocomplete:
                var choices: [DiscordCommandChoice] = []
                if let focused = interaction.focusedOption, let user = interaction.actingUser,
                   let path = interaction.commandLine {
                    let words = path.split(separator: " ").prefix { !$0.hasPrefix("--") }.map(String.init)
                    let query = SuggestionQuery(
                        subject: Subject(kind: DiscordIdentity.user, identifier: user.id), groups: roles(of: interaction), command: words,
                        option: focused.name, typed: focused.text,
                        cluster: focused.name == "cluster" ? nil : interaction.optionValues["cluster"])
                    choices = await handler.suggestions(query).prefix(25).map { DiscordCommandChoice(name: $0.label, value: $0.value) }
                }
                try await respond(.autocomplete(choices))
                return nil
            case .modalSubmit, .unknown:
                logger.debug("Discord interaction type not handled")
                return nil
            }
        } catch {
            logger.error("Discord interaction failed", metadata: ["error": "\(error)"])
            return .internalError
        }
    }

    /// A fast command: its first reply answers the interaction when it comes within the window,
    /// else the interaction is deferred at the window's end and the reply edits the deferral.
    private func answerFast(_ request: ChatRequest, ephemeral: Bool, token: Secret, channelID: String?, filesAllowed: Bool,
                            respond: @escaping Acknowledge, logger: Logger) async -> DispatchOutcome? {
        let window = FirstReplyWindow()
        let responder = DiscordInteractionResponder(
            rest: rest, token: token, mode: .command(ephemeral: ephemeral, window: window, answer: respond, filesAllowed: filesAllowed),
            channelID: channelID, tokenWindow: configuration.interactionTokenWindow, commandStore: commandStore, logger: logger)
        let handler = handler
        return await window.race(deadline: configuration.firstReplyWindow, sleep: sleep, acknowledge: {
            do {
                try await respond(.deferred(ephemeral: ephemeral))
            } catch {
                logger.error("Could not defer a Discord interaction", metadata: ["error": "\(error)"])
            }
        }, handle: { await handler.handle(request, responder: responder, buttonMessage: nil) })
    }

    /// Why this interaction is not answered here, or nil.
    func refusal(for interaction: DiscordInteraction) -> String? {
        guard interaction.type != .ping else { return nil }
        if interaction.isDirectMessage {
            return configuration.allowDMs ? nil : "NexBoard does not take commands in direct messages. Use a server channel."
        }
        if let guild = interaction.guildID, !configuration.guildIDs.isEmpty, !configuration.guildIDs.contains(guild) {
            return "NexBoard is not enabled in this server."
        }
        if !configuration.channelIDs.isEmpty, !configuration.channelIDs.contains(interaction.channelID ?? "") {
            return "NexBoard does not take commands in this channel."
        }
        return nil
    }

    private func request(_ interaction: DiscordInteraction, user: DiscordInteraction.User, line: String,
                         origin: RequestOrigin) -> ChatRequest {
        ChatRequest(id: "discord-\(interaction.id)", platform: "discord", capabilities: DiscordPlatform.capabilities,
                    subject: Subject(kind: DiscordIdentity.user, identifier: user.id),
                    groups: roles(of: interaction), channel: interaction.channelID, line: line, origin: origin)
    }

    private func roles(of interaction: DiscordInteraction) -> [Subject] {
        (interaction.member?.roles ?? []).map { Subject(kind: DiscordIdentity.role, identifier: $0) }
    }
}
