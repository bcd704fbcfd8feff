/*
 Discord on ChatKit. A session is one gateway connection (DiscordGatewaySession); its interactions,
 and those of the optional signed HTTP endpoint, go to the adapter shell's inbox as events keyed by
 interaction id, so a replayed or redelivered interaction runs once. Command registration runs
 beside the sessions and is retried while Discord's API fails. Alerts use `post` and `edit` over REST.
 */
import AsyncHTTPClient
import ChatKit
import Foundation
import Logging
import NexBoardCore

/// Connects NexBoard to Discord: slash commands, buttons and autocomplete in, replies and alerts out.
public final class DiscordPlatform: ChatPlatform, ChatChannels, Sendable {
    public let id = "discord"
    /// Ephemeral replies, buttons, edits and attachments; an embed description holds 4,096 characters;
    /// emoji render, and a code block in an embed shows about 60 columns before it wraps.
    public static let capabilities = ChatCapabilities(
        privateReplies: true, buttons: true, edits: true, threads: false, reactions: false, attachments: true,
        textLength: DiscordLimits.embedDescription, buttonsPerMessage: DiscordLimits.buttonsPerRow * DiscordLimits.actionRows,
        fieldsPerMessage: DiscordLimits.fieldsPerEmbed, emoji: true, monospaceWidth: 60, commandPrefix: "/")
    public var capabilities: ChatCapabilities { Self.capabilities }
    /// Discord allows 5 messages per 5 s in a channel.
    public let pace = DeliveryPace(burst: 5, per: 5)
    public var channels: (any ChatChannels)? { self }

    public let configuration: DiscordAdapterConfiguration
    public let rest: DiscordREST
    public let router: DiscordInteractionRouter
    private let renderer = DiscordRenderer()
    private let commandStore: any ButtonCommandStore
    private let registerAtStart: CommandCatalog?
    /// The HTTP client the platform created (nil when one was passed in); closed by `shutdown()`.
    private let ownedHTTPClient: HTTPClient?
    private let verifier: DiscordSignatureVerifier?
    /// The gateway state (session id, sequence, last IDENTIFY) across connections.
    private let driver: GatewayDriver
    private let sleep: @Sendable (Duration) async throws -> Void
    /// Waits between attempts to register the commands while Discord's API fails.
    private let registrationBackoff: ReconnectRunner
    private let logger: Logger

    /// - Parameters:
    ///   - httpClient: the client for REST calls; nil: the platform makes its own, closed by `shutdown()`.
    ///   - registerAtStart: when set, the application commands are made equal to this catalog at start.
    ///   - handler: the dispatcher.
    public init<C: Clock>(configuration: DiscordAdapterConfiguration, httpClient: HTTPClient? = nil,
                          commandStore: any ButtonCommandStore = InMemoryButtonCommandStore(), registerAtStart: CommandCatalog? = nil,
                          clock: C = ContinuousClock(), logger: Logger, handler: any ChatRequestHandling) where C.Duration == Duration {
        self.configuration = configuration
        let client = httpClient ?? Self.makeHTTPClient(logger: logger)
        self.ownedHTTPClient = httpClient == nil ? client : nil
        self.rest = DiscordREST(httpClient: client, apiBaseURL: configuration.apiURL, token: configuration.token,
                                applicationID: configuration.applicationID, clock: clock)
        self.commandStore = commandStore
        self.router = DiscordInteractionRouter(configuration: configuration, rest: rest, commandStore: commandStore, handler: handler,
                                               sleep: { try await clock.sleep(for: $0) })
        self.registerAtStart = registerAtStart
        self.verifier = configuration.publicKey.flatMap { try? DiscordSignatureVerifier(publicKeyHex: $0) }
        self.sleep = { try await clock.sleep(for: $0) }
        let origin = clock.now
        self.driver = GatewayDriver(now: { origin.duration(to: clock.now) })
        self.registrationBackoff = ReconnectRunner(initialBackoff: .seconds(2), maxBackoff: .seconds(300), clock: clock)
        var logger = logger
        logger[metadataKey: "platform"] = "discord"
        self.logger = logger
    }

    /// Makes Discord's command list equal to the catalog, retrying while Discord's API fails (a
    /// refusal, such as a token without the `applications.commands` scope, is final). Runs beside
    /// the gateway sessions: interactions are answered meanwhile.
    public func prepare(logger: Logger) async {
        guard let catalog = registerAtStart else { return }
        var failures = 0
        while !Task.isCancelled {
            do {
                try await registerCommands(from: catalog, logger: logger)
                logger.info("Discord application commands registered", metadata: ["guilds": "\(configuration.guildIDs.count)"])
                return
            } catch let error as DiscordRESTError {
                if case .rejected = error {
                    logger.error("Discord refused the application commands; not retrying", metadata: ["error": "\(error)"])
                    return
                }
                failures += 1
                let wait = registrationBackoff.backoff(afterFailures: failures)
                logger.warning("Could not register the Discord application commands; retrying",
                               metadata: ["error": "\(error)", "wait_ms": "\(wait.wholeMilliseconds)"])
                do { try await sleep(wait) } catch { return }
            } catch {
                logger.error("Could not register the Discord application commands", metadata: ["error": "\(error)"])
                return
            }
        }
    }

    public func serveSession(_ session: ChatSession) async throws -> SessionOutcome {
        let inbox = session.inbox
        let gateway = DiscordGatewaySession(
            configuration: configuration, driver: driver, sleep: sleep, jitter: { Double.random(in: 0...1) },
            deliver: { [self] interaction in inbox.deliver(event(for: interaction, acknowledge: nil)) },
            onReady: session.established, logger: session.logger)
        return try await gateway.run()
    }

    /// `POST /discord/interactions` when a public key is configured (set it as the application's
    /// "Interactions Endpoint URL").
    public func httpRoutes(inbox: ChatInbox) -> [ChatHTTPRoute] {
        guard configuration.publicKey != nil else { return [] }
        return [ChatHTTPRoute(path: Self.interactionsPath) { [self] request in await handleHTTPInteraction(request, inbox: inbox) }]
    }

    /// The path of the HTTP interactions endpoint on the HTTP page.
    public static let interactionsPath = "/discord/interactions"

    /// Closes the platform's own HTTP client. Call after the adapter has stopped.
    public func shutdown() async {
        do {
            try await ownedHTTPClient?.shutdown()
        } catch {
            logger.warning("Could not close the Discord HTTP client", metadata: ["error": "\(error)"])
        }
    }

    /// A client for Discord's API: HTTP/1 and 2, idle connections closed after a minute. Over HTTP/1
    /// up to 32 connections: a burst of interactions needs two requests each (the deferred reply,
    /// then the answer), and the default 8 would queue deferred replies behind answers.
    static func makeHTTPClient(logger: Logger) -> HTTPClient {
        var configuration = HTTPClient.Configuration()
        configuration.timeout = .init(connect: .seconds(10), read: .seconds(30))
        configuration.connectionPool = .init(idleTimeout: .seconds(60))
        configuration.connectionPool.concurrentHTTP1ConnectionsPerHostSoftLimit = 32
        configuration.redirectConfiguration = .disallow
        return HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration, backgroundActivityLogger: logger)
    }

    /// An interaction as an inbound event: keyed by its id (a repeat is dropped; commands and button
    /// presses are remembered across a restart), answered by the router.
    func event(for interaction: DiscordInteraction, acknowledge: DiscordInteractionRouter.Acknowledge?) -> InboundEvent {
        let durable = interaction.type == .applicationCommand || interaction.type == .messageComponent
        return InboundEvent(
            key: "discord:\(interaction.id)", durable: durable,
            handle: { [router] logger in await router.handle(interaction, logger: logger, acknowledge: acknowledge) },
            repeated: { [renderer] logger in
                // Only the HTTP endpoint waits for an answer; over the gateway a repeat is just dropped.
                guard let acknowledge else { return }
                let answer: DiscordInteractionResponse = interaction.type == .autocomplete ? .autocomplete([])
                    : DiscordInteractionResponse(kind: .channelMessage, message: renderer.render(
                        .privateError("This request was already handled; nothing was done again.")).payloads[0])
                do { try await acknowledge(answer) } catch { logger.debug("A repeated interaction's answer came too late") }
            })
    }

    /// The HTTP interactions endpoint: verifies the signature, answers PING, and hands anything else
    /// to the inbox, answering the HTTP request with the interaction's first answer (within 3 s).
    public func handleHTTPInteraction(_ request: ChatHTTPRequest, inbox: ChatInbox) async -> ChatHTTPResponse {
        guard let verifier else {
            logger.error("HTTP interaction received but no valid public key is configured")
            return ChatHTTPResponse(status: 500, body: Data(#"{"message":"not configured"}"#.utf8))
        }
        do {
            try verifier.verify(signature: request.headers["x-signature-ed25519"], timestamp: request.headers["x-signature-timestamp"],
                                body: request.body)
        } catch {
            logger.notice("Refused an HTTP interaction with a bad signature", metadata: ["reason": "\(error)"])
            return ChatHTTPResponse(status: 401, body: Data(#"{"message":"invalid request signature"}"#.utf8))
        }
        let interaction: DiscordInteraction
        do {
            interaction = try JSONDecoder().decode(DiscordInteraction.self, from: request.body)
        } catch {
            logger.notice("Unreadable HTTP interaction", metadata: ["error": "\(error)"])
            return ChatHTTPResponse(status: 400, body: Data(#"{"message":"unreadable interaction"}"#.utf8))
        }
        if interaction.type == .ping {
            return ChatHTTPResponse(status: 200, body: Data(#"{"type":1}"#.utf8))
        }
        let slot = InitialResponseSlot<DiscordInteractionResponse>()
        inbox.deliver(event(for: interaction, acknowledge: { try await slot.deliver($0) }))
        let response = await slot.wait(atMost: .seconds(3), sleep: sleep)
        guard let response, let data = try? DiscordREST.encoder.encode(response) else {
            logger.error("HTTP interaction not answered within 3 s")
            return ChatHTTPResponse(status: 500, body: Data(#"{"message":"no answer in time"}"#.utf8))
        }
        return ChatHTTPResponse(status: 200, body: data)
    }

    // MARK: - Channel messages

    /// Posts a message in a channel (alerts, events). Returns the handle of the message that carries
    /// the buttons, else of the first one (the one with the embeds and any output file).
    ///
    /// With a `key` (the outbox row's), each part carries a nonce derived from it that Discord
    /// enforces: a post repeated after a crash between sending and recording it shows once.
    public func post(_ message: Message, to channel: String, key: String?) async throws -> ReplyHandle {
        let rendering = try await prepare(message)
        var first: DiscordMessageReference?
        var withButtons: DiscordMessageReference?
        for (index, var payload) in rendering.enumerated() {
            if let key {
                payload.nonce = Self.nonce(for: "\(key)#\(index)")
                payload.enforceNonce = true
            }
            let posted = try await rest.createMessage(channelID: channel, payload, logger: logger)
            if first == nil { first = posted }
            if payload.components != nil { withButtons = posted }
        }
        guard let handle = withButtons ?? first else { throw DiscordRESTError.invalidResponse(endpoint: "post", detail: "nothing rendered") }
        return ReplyHandle(handle.id)
    }

    /// Discord's nonce (at most 25 characters) for a key: 24 hex digits of its SHA-256.
    static func nonce(for key: String) -> String {
        ButtonCommands.hexDigest(key, bytes: 12)
    }

    /// Replaces a message posted with `post` (an alert that resolved). Extra parts of a split message are posted anew.
    public func edit(_ handle: ReplyHandle, _ message: Message, in channel: String) async throws {
        let payloads = try await prepare(message)
        try await rest.editMessage(channelID: channel, messageID: handle.value, payloads[0], logger: logger)
        for extra in payloads.dropFirst() {
            try await rest.createMessage(channelID: channel, extra, logger: logger)
        }
    }

    /// Makes Discord's command list equal to the catalog: per configured guild (instant), or global when none.
    public func registerCommands(from catalog: CommandCatalog, logger: Logger) async throws {
        if configuration.guildIDs.isEmpty {
            try await rest.bulkOverwriteCommands(from: catalog, guildID: nil, logger: logger)
        } else {
            for guild in configuration.guildIDs {
                try await rest.bulkOverwriteCommands(from: catalog, guildID: guild, logger: logger)
            }
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
