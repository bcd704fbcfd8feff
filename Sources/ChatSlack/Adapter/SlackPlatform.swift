/*
 Slack on ChatKit. In Socket Mode a session is a SlackSocketModeSession (one or, during a handover,
 two WebSocket connections); in HTTP mode Slack posts signed requests to the HTTP page and a session
 only checks the bot token and waits for it to be refused. Either way slash commands and button
 presses go to the adapter shell's inbox as events keyed by their trigger id, so a redelivered
 envelope or a retried request runs once. Alerts use `chat.postMessage` (the outbox key as the post's
 marker: a retry after a lost answer posts once) and `chat.update`; long output and pictures are
 uploaded after the message (SlackAttachments).
 */
import AsyncHTTPClient
import ChatKit
import Foundation
import Logging
import NexBoardCore

/// Connects NexBoard to Slack: `/nex` commands and buttons in, Block Kit replies and alerts out.
public final class SlackPlatform: ChatPlatform, ChatChannels, Sendable {
    public let id = "slack"
    /// Ephemeral replies, buttons, edits, threads, files (long output, pictures); a section's text holds 3,000 characters.
    public static let capabilities = ChatCapabilities(
        privateReplies: true, buttons: true, edits: true, threads: true, reactions: false, attachments: true,
        textLength: SlackLimits.textObject, buttonsPerMessage: SlackLimits.elementsPerActions, fieldsPerMessage: SlackLimits.fieldsPerSection,
        commandPrefix: "/nex ")
    public var capabilities: ChatCapabilities { Self.capabilities }
    /// Slack takes about one message per second in a channel, with short bursts.
    public let pace = DeliveryPace(burst: 3, per: 3)
    public var channels: (any ChatChannels)? { self }

    public let configuration: SlackAdapterConfiguration
    public let api: SlackWebAPI
    public let router: SlackRequestRouter
    private let renderer: SlackRenderer
    private let attachments: SlackAttachments
    private let commandStore: any ButtonCommandStore
    private let authentication = SlackAuthenticationWatch()
    let signatureVerifier: SlackSignatureVerifier?
    /// The HTTP client the platform created (nil when one was passed in); closed by `shutdown()`.
    private let ownedHTTPClient: HTTPClient?
    let sleeper: @Sendable (Duration) async throws -> Void
    let platformLogger: Logger

    /// - Parameters:
    ///   - httpClient: the client for Web API calls; nil: the platform makes its own, closed by `shutdown()`.
    ///   - now: the wall-clock date request timestamps are checked against (HTTP mode).
    ///   - handler: the dispatcher.
    ///   - renderer: Block Kit rendering (tests: a small file size).
    public init<C: Clock>(configuration: SlackAdapterConfiguration, httpClient: HTTPClient? = nil,
                          commandStore: any ButtonCommandStore = InMemoryButtonCommandStore(), clock: C = ContinuousClock(),
                          now: @escaping @Sendable () -> Date = { Date() }, renderer: SlackRenderer = SlackRenderer(), logger: Logger,
                          handler: any ChatRequestHandling)
        where C.Duration == Duration {
        self.configuration = configuration
        let client = httpClient ?? Self.makeHTTPClient(logger: logger)
        self.ownedHTTPClient = httpClient == nil ? client : nil
        let authentication = self.authentication
        self.api = SlackWebAPI(httpClient: client, apiBaseURL: configuration.apiURL, botToken: configuration.botToken,
                               appToken: configuration.appToken, clock: clock, now: now,
                               onAuthenticationFailure: { await authentication.report($0) })
        self.commandStore = commandStore
        self.renderer = renderer
        self.attachments = SlackAttachments(api: api, renderer: renderer)
        self.router = SlackRequestRouter(configuration: configuration, api: api, renderer: renderer, commandStore: commandStore, handler: handler,
                                         clock: clock)
        self.signatureVerifier = configuration.signingSecret.map { SlackSignatureVerifier(signingSecret: $0, now: now) }
        self.sleeper = { try await clock.sleep(for: $0) }
        var logger = logger
        logger[metadataKey: "platform"] = "slack"
        self.platformLogger = logger
    }

    public func serveSession(_ session: ChatSession) async throws -> SessionOutcome {
        switch configuration.mode {
        case .socket:
            let inbox = session.inbox
            return try await SlackSocketModeSession(
                api: api, authentication: authentication,
                deliver: { [self] frame, acknowledge in if let event = event(for: frame, acknowledge: acknowledge) { inbox.deliver(event) } },
                established: session.established, handoverGrace: configuration.firstReplyWindow + .milliseconds(500), sleep: sleeper,
                logger: session.logger).run()
        case .http:
            do {
                _ = try await api.authTest(logger: session.logger)
            } catch let error as SlackAPIError where error.isAuthenticationFailure {
                return .stop(reason: "Slack refused the bot token (\(error.code ?? "?"))")
            }
            await session.established()
            for await code in await authentication.failures() {
                return .stop(reason: "Slack refused the token (\(code))")
            }
            return .reconnect(healthy: true, delay: nil)
        }
    }

    /// Closes the platform's own HTTP client. Call after the adapter has stopped.
    public func shutdown() async {
        do {
            try await ownedHTTPClient?.shutdown()
        } catch {
            platformLogger.warning("Could not close the Slack HTTP client", metadata: ["error": "\(error)"])
        }
    }

    /// A client for Slack's API: idle connections closed after a minute, no redirects.
    static func makeHTTPClient(logger: Logger) -> HTTPClient {
        var configuration = HTTPClient.Configuration()
        configuration.timeout = .init(connect: .seconds(10), read: .seconds(30))
        configuration.connectionPool = .init(idleTimeout: .seconds(60))
        configuration.connectionPool.concurrentHTTP1ConnectionsPerHostSoftLimit = 16
        configuration.redirectConfiguration = .disallow
        return HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration, backgroundActivityLogger: logger)
    }

    /// A slash command or a button press as an inbound event, keyed by its trigger id (a repeat is
    /// acknowledged and dropped, also after a restart); nil for anything else.
    func event(for frame: SocketModeFrame, acknowledge: @escaping SlackResponder.Acknowledge) -> InboundEvent? {
        let repeated: @Sendable (Logger) async -> Void = { logger in
            do { try await acknowledge(nil) } catch { logger.debug("A repeated Slack request's ack did not go out") }
        }
        switch frame {
        case .slashCommand(_, let command):
            return InboundEvent(key: "slack:\(command.triggerID)", handle: { [router] logger in
                await router.handle(command, acknowledge: acknowledge, logger: logger)
            }, repeated: repeated)
        case .blockActions(let envelopeID, let actions):
            return InboundEvent(key: "slack:\(actions.triggerID ?? envelopeID)", handle: { [router] logger in
                await router.handle(actions, acknowledge: acknowledge, logger: logger)
            }, repeated: repeated)
        case .hello, .disconnect, .other, .unknown:
            return nil
        }
    }

    // MARK: - Channel messages

    /// Posts a message in a channel (alerts, events), with its files and picture after it. Returns the
    /// ts of the message that carries the buttons, else of the first one. `key` marks the first
    /// message, so that a retry after a lost answer does not post it twice.
    public func post(_ message: Message, to channel: String, key: String?) async throws -> ReplyHandle {
        var first: String?
        var withButtons: String?
        let rendering = try await prepare(message)
        for (index, part) in rendering.messages.enumerated() {
            let ts = try await api.postMessage(part, channel: channel, marker: key.map { index == 0 ? $0 : "\($0)#\(index)" },
                                               logger: platformLogger)
            if first == nil { first = ts }
            if part.blocks.contains(where: { !$0.buttons.isEmpty }) { withButtons = ts }
        }
        guard let ts = withButtons ?? first else { throw SlackAPIError.invalidResponse(method: "chat.postMessage", detail: "nothing rendered") }
        await share(rendering, of: message, in: channel)
        return ReplyHandle(ts)
    }

    /// Replaces a message posted with `post` (an alert that resolved). Extra parts are posted anew,
    /// files and a picture uploaded after them.
    public func edit(_ handle: ReplyHandle, _ message: Message, in channel: String) async throws {
        let rendering = try await prepare(message)
        try await api.update(rendering.messages[0], channel: channel, ts: handle.value, logger: platformLogger)
        for extra in rendering.messages.dropFirst() {
            _ = try await api.postMessage(extra, channel: channel, logger: platformLogger)
        }
        await share(rendering, of: message, in: channel)
    }

    /// Uploads the rendering's files and picture. The message is out by then: a failure here is
    /// logged, not thrown, so that the outbox does not post the message again.
    private func share(_ rendering: SlackRendering, of message: Message, in channel: String) async {
        do {
            try await attachments.share(rendering, of: message, in: channel, logger: platformLogger) { [api, platformLogger] part in
                _ = try await api.postMessage(part, channel: channel, logger: platformLogger)
            }
        } catch {
            platformLogger.error("A channel message went out without its files or their text", metadata: ["error": "\(error)"])
        }
    }

    private func prepare(_ message: Message) async throws -> SlackRendering {
        let rendering = renderer.render(message)
        for (key, command) in rendering.storedCommands {
            try await commandStore.save(command, key: key)
        }
        return rendering
    }
}
