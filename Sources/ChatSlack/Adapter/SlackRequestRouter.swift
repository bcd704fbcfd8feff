/*
 One slash command or button press, from arrival to the hand-over to the dispatcher. Socket Mode and
 HTTP mode both land here; they differ only in how the acknowledgement goes out.

 Where: workspace and channel allow-lists are checked first; a refusal is the acknowledgement,
 ephemeral. Then:
 - slash command `/nex <line>` (`/nex` alone: `help`): what can be decided without Proxmox (`admit`)
   first; a refusal is the acknowledgement itself, ephemeral, so the channel never sees anything. A
   slow command (it follows a task) is acknowledged empty at once; a fast one is acknowledged with its
   first reply when that comes within the first-reply window, else empty at the window's end;
 - button: acknowledged empty at once (Slack shows nothing for it); the button's value is the command
   line (or the key of a stored one), origin `.button`, and the pressed message is the `buttonMessage`
   handle, so the outcome replaces the question.
 */
import ChatKit
import Foundation
import Logging
import NexBoardCore

/// Turns Slack slash commands and button presses into `ChatRequest`s and answers them.
public struct SlackRequestRouter: Sendable {
    public let configuration: SlackAdapterConfiguration
    public let api: SlackWebAPI
    private let handler: any ChatRequestHandling
    private let commandStore: any ButtonCommandStore
    private let renderer: SlackRenderer
    private let sleep: @Sendable (Duration) async throws -> Void
    private let now: @Sendable () -> Duration

    public init<C: Clock>(configuration: SlackAdapterConfiguration, api: SlackWebAPI, renderer: SlackRenderer = SlackRenderer(),
                          commandStore: any ButtonCommandStore, handler: any ChatRequestHandling, clock: C) where C.Duration == Duration {
        self.configuration = configuration
        self.api = api
        self.renderer = renderer
        self.commandStore = commandStore
        self.handler = handler
        self.sleep = { try await clock.sleep(for: $0) }
        let origin = clock.now
        self.now = { origin.duration(to: clock.now) }
    }

    /// Handles one slash command to the end (the dispatcher's reply sent). Never throws: failures are logged.
    @discardableResult
    public func handle(_ command: SlackSlashCommand, acknowledge: @escaping SlackResponder.Acknowledge, logger baseLogger: Logger) async -> DispatchOutcome? {
        let logger = Self.logger(baseLogger, requestID: command.triggerID)
        do {
            if let refusal = refusal(team: command.teamID, channel: command.channelID) {
                logger.info("Slack command refused by location", metadata: ["reason": "\(refusal)"])
                try await acknowledge(renderer.render(.privateError(refusal)).messages[0])
                return .denied
            }
            let text = command.text.trimmingCharacters(in: .whitespacesAndNewlines)
            let request = request(id: command.triggerID, user: command.userID, team: command.teamID, channel: command.channelID,
                                  line: text.isEmpty ? "help" : text, origin: .typed)
            switch await handler.admit(request) {
            case .refused(let message, let outcome):
                var reply = renderer.render(message).messages[0]
                reply.ephemeral = true
                try await acknowledge(reply)
                return outcome
            case .accepted(_, true):
                try await acknowledge(nil)
                return await handler.handle(request, responder: responder(for: command, window: nil, logger: logger), buttonMessage: nil)
            case .accepted(_, false):
                let window = FirstReplyWindow()
                let responder = responder(for: command, window: (window, acknowledge), logger: logger)
                let handler = handler
                return await window.race(deadline: configuration.firstReplyWindow, sleep: sleep, acknowledge: {
                    do {
                        try await acknowledge(nil)
                    } catch {
                        logger.error("Could not acknowledge a Slack command", metadata: ["error": "\(error)"])
                    }
                }, handle: { await handler.handle(request, responder: responder, buttonMessage: nil) })
            }
        } catch {
            logger.error("Slack command failed", metadata: ["error": "\(error)"])
            return .internalError
        }
    }

    /// Handles one button press to the end. Never throws: failures are logged.
    @discardableResult
    public func handle(_ actions: SlackBlockActions, acknowledge: @escaping SlackResponder.Acknowledge, logger baseLogger: Logger) async -> DispatchOutcome? {
        let id = actions.triggerID ?? actions.container?.messageTS ?? "?"
        let logger = Self.logger(baseLogger, requestID: id)
        do {
            try await acknowledge(nil)
            guard let action = actions.actions?.first, let value = action.value, let user = actions.user?.id,
                  let channel = actions.channelID, let pressedTS = actions.container?.messageTS
            else {
                logger.debug("Slack interaction without a button value, user or channel")
                return nil
            }
            let team = actions.team?.id ?? ""
            let responder = SlackResponder(api: api, renderer: renderer, commandStore: commandStore, channel: channel, user: user,
                                           responseURL: actions.responseURL, responseURLExpired: expiry(),
                                           pressed: (pressedTS, actions.container?.isEphemeral ?? false), logger: logger)
            if let refusal = refusal(team: team, channel: channel) {
                logger.info("Slack button refused by location", metadata: ["reason": "\(refusal)"])
                _ = try await responder.send(.privateError(refusal))
                return .denied
            }
            let line: String
            if value.hasPrefix(ButtonCommands.keyPrefix) {
                guard let stored = try await commandStore.command(forKey: value) else {
                    logger.notice("Pressed button's stored command is gone")
                    _ = try await responder.send(.privateError("This button has expired. Run the command again."))
                    return .invalid
                }
                line = stored
            } else {
                line = value
            }
            let pressed = request(id: id, user: user, team: team, channel: channel, line: line, origin: .button)
            return await handler.handle(pressed, responder: responder, buttonMessage: ReplyHandle(pressedTS))
        } catch {
            logger.error("Slack button press failed", metadata: ["error": "\(error)"])
            return .internalError
        }
    }

    private static func logger(_ base: Logger, requestID: String) -> Logger {
        var logger = base
        logger[metadataKey: ChatRequest.logMetadataKey] = "slack-\(requestID)"
        return logger
    }

    /// Why a request from this workspace and channel is not answered, or nil.
    func refusal(team: String, channel: String) -> String? {
        if !configuration.teamIDs.isEmpty, !configuration.teamIDs.contains(team) {
            return "NexBoard is not enabled in this workspace."
        }
        if !configuration.channelIDs.isEmpty, !configuration.channelIDs.contains(channel) {
            return "NexBoard does not take commands in this channel."
        }
        return nil
    }

    private func responder(for command: SlackSlashCommand, window: (FirstReplyWindow, SlackResponder.Acknowledge)?,
                           logger: Logger) -> SlackResponder {
        SlackResponder(api: api, renderer: renderer, commandStore: commandStore, channel: command.channelID, user: command.userID,
                       responseURL: command.responseURL, responseURLExpired: expiry(), window: window, logger: logger)
    }

    /// True once the response URL received now must no longer be used.
    private func expiry() -> @Sendable () -> Bool {
        let (now, until) = (self.now, self.now() + configuration.responseURLWindow)
        return { now() >= until }
    }

    private func request(id: String, user: String, team: String, channel: String, line: String, origin: RequestOrigin) -> ChatRequest {
        ChatRequest(id: "slack-\(id)", platform: "slack", capabilities: SlackPlatform.capabilities,
                    subject: Subject(kind: SlackIdentity.user, identifier: user),
                    groups: team.isEmpty ? [] : [Subject(kind: SlackIdentity.team, identifier: team)],
                    channel: channel, line: line, origin: origin)
    }
}
