/*
 The Discord chat adapter: a Service that keeps a gateway session up through the ReconnectRunner
 and answers interactions in child tasks of its own task group (so an interaction is answered even
 when the connection it came on drops). Alerts use `post` and `edit` over REST.
 */
import AsyncHTTPClient
import Foundation
import Logging
import NexBoardCore
import ServiceLifecycle

/// Connects NexBoard to Discord: slash commands, buttons and autocomplete in, replies and alerts out.
public final class DiscordAdapter: Service, Sendable {
    public let configuration: DiscordAdapterConfiguration
    public let rest: DiscordREST
    public let router: DiscordInteractionRouter
    private let renderer = DiscordRenderer()
    private let commandStore: any DiscordButtonCommandStore
    private let runner: ReconnectRunner
    private let logger: Logger
    private let health: @Sendable (SessionHealth) async -> Void
    private let sleep: @Sendable (Duration) async throws -> Void
    private let now: @Sendable () -> Duration
    private let registerAtStart: CommandCatalog?
    /// The HTTP client the adapter created (nil when one was passed in); closed by `shutdown()`.
    private let ownedHTTPClient: HTTPClient?
    private let verifier: DiscordSignatureVerifier?
    private let inbound: AsyncStream<InboundInteraction>
    private let inboundContinuation: AsyncStream<InboundInteraction>.Continuation

    /// An interaction to handle, with how its first answer goes out (nil: the REST callback).
    struct InboundInteraction: Sendable {
        var interaction: DiscordInteraction
        var acknowledge: DiscordInteractionRouter.Acknowledge?
    }

    /// - Parameters:
    ///   - health: called with `.up` when a session is established, `.reconnecting` between sessions
    ///     and `.down` when the adapter stopped for good (NexBoard reports it as `chat:discord`).
    ///   - httpClient: the client for REST calls; nil: the adapter makes its own, closed by `shutdown()`.
    ///   - registerAtStart: when set, the application commands are made equal to this catalog before connecting.
    ///   - admit: what can be decided before acknowledging (the dispatcher's `admit`): refusals are
    ///     answered at once and privately; private answers are deferred privately.
    ///   - handler: the dispatcher.
    public init<C: Clock>(configuration: DiscordAdapterConfiguration, httpClient: HTTPClient? = nil,
                          commandStore: any DiscordButtonCommandStore = InMemoryButtonCommandStore(),
                          autocomplete: DiscordAutocompleteProvider? = nil, registerAtStart: CommandCatalog? = nil,
                          runner: ReconnectRunner = ReconnectRunner(),
                          clock: C = ContinuousClock(), logger: Logger,
                          health: @escaping @Sendable (SessionHealth) async -> Void = { _ in },
                          admit: @escaping RequestAdmission = { _ in .accepted(visibility: .channel, slow: true) },
                          handler: @escaping RequestHandler) where C.Duration == Duration {
        self.configuration = configuration
        let client = httpClient ?? Self.makeHTTPClient(logger: logger)
        self.ownedHTTPClient = httpClient == nil ? client : nil
        self.rest = DiscordREST(httpClient: client, apiBaseURL: configuration.apiURL, token: configuration.token,
                                applicationID: configuration.applicationID, clock: clock)
        self.commandStore = commandStore
        self.router = DiscordInteractionRouter(configuration: configuration, rest: rest, commandStore: commandStore,
                                               autocomplete: autocomplete, admit: admit, handler: handler)
        self.runner = runner
        self.registerAtStart = registerAtStart
        self.verifier = configuration.publicKey.flatMap { try? DiscordSignatureVerifier(publicKeyHex: $0) }
        (inbound, inboundContinuation) = AsyncStream.makeStream(of: InboundInteraction.self)
        var logger = logger
        logger[metadataKey: "platform"] = "discord"
        self.logger = logger
        self.health = health
        self.sleep = { try await clock.sleep(for: $0) }
        let origin = clock.now
        self.now = { origin.duration(to: clock.now) }
    }

    public func run() async throws {
        if let catalog = registerAtStart {
            do {
                try await registerCommands(from: catalog)
                logger.info("Discord application commands registered", metadata: ["guilds": "\(configuration.guildIDs.count)"])
            } catch {
                logger.error("Could not register the Discord application commands", metadata: ["error": "\(error)"])
            }
        }
        let continuation = inboundContinuation
        let driver = GatewayDriver(now: now)
        let session = DiscordGatewaySession(
            configuration: configuration, driver: driver, sleep: sleep, jitter: { Double.random(in: 0...1) },
            deliver: { continuation.yield(InboundInteraction(interaction: $0, acknowledge: nil)) }, onReady: { [health] in await health(.up) }, logger: logger)
        await withDiscardingTaskGroup { group in
            group.addTask { [runner, logger, health] in
                _ = await cancelWhenGracefulShutdown {
                    await runner.run(name: "discord", logger: logger, report: health) {
                        try await session.run()
                    }
                }
                // A gateway that stopped for good (a bad token) stays reported down, but the adapter
                // does not return: in a ServiceGroup that would end NexBoard, and the other platforms
                // and the HTTP interactions endpoint keep working.
                try? await gracefulShutdown()
                continuation.finish()
            }
            for await item in inbound {
                group.addTask { [router, logger] in
                    await router.handle(item.interaction, logger: logger, acknowledge: item.acknowledge)
                }
            }
        }
    }

    /// Closes the adapter's own HTTP client. Call after `run()` has returned.
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

    /// The HTTP interactions endpoint (an alternative to the gateway, set as "Interactions Endpoint
    /// URL" in the developer portal): verifies the signature, answers PING, and hands anything else
    /// to the same router as the gateway, answering the HTTP request with the router's first answer.
    /// Returns the HTTP status and JSON body. Needs `run()` to be running.
    public func handleHTTPInteraction(body: Data, signature: String?, timestamp: String?) async -> (status: Int, body: Data) {
        guard let verifier else {
            logger.error("HTTP interaction received but no valid public key is configured")
            return (500, Data("{\"message\":\"not configured\"}".utf8))
        }
        do {
            try verifier.verify(signature: signature, timestamp: timestamp, body: body)
        } catch {
            logger.notice("Refused an HTTP interaction with a bad signature", metadata: ["reason": "\(error)"])
            return (401, Data("{\"message\":\"invalid request signature\"}".utf8))
        }
        let interaction: DiscordInteraction
        do {
            interaction = try JSONDecoder().decode(DiscordInteraction.self, from: body)
        } catch {
            logger.notice("Unreadable HTTP interaction", metadata: ["error": "\(error)"])
            return (400, Data("{\"message\":\"unreadable interaction\"}".utf8))
        }
        if interaction.type == .ping {
            return (200, Data("{\"type\":1}".utf8))
        }
        let slot = InitialResponseSlot()
        inboundContinuation.yield(InboundInteraction(interaction: interaction, acknowledge: { try await slot.deliver($0) }))
        let sleep = self.sleep
        let response = await withTaskGroup(of: DiscordInteractionResponse?.self) { group in
            group.addTask { await slot.wait() }
            group.addTask {
                try? await sleep(.seconds(3))
                await slot.close()
                return nil
            }
            let first = await group.next() ?? nil
            group.cancelAll()
            await slot.close()
            return first
        }
        guard let response, let data = try? DiscordREST.encoder.encode(response) else {
            logger.error("HTTP interaction not answered within 3 s")
            return (500, Data("{\"message\":\"no answer in time\"}".utf8))
        }
        return (200, data)
    }

    /// Posts a message in a channel (alerts, events). Returns the handle of the message that carries
    /// the buttons, else of the first one (the one with the embeds and any output file).
    ///
    /// With a `key` (the outbox row's), each part carries a nonce derived from it that Discord
    /// enforces: a post repeated after a crash between sending and recording it shows once.
    @discardableResult
    public func post(channel: String, message: Message, key: String? = nil) async throws -> ReplyHandle {
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
        DiscordRenderer.hexDigest(key, bytes: 12)
    }

    /// Replaces a message posted with `post` (an alert that resolved). Extra parts of a split message are posted anew.
    public func edit(channel: String, handle: ReplyHandle, message: Message) async throws {
        let payloads = try await prepare(message)
        try await rest.editMessage(channelID: channel, messageID: handle.value, payloads[0], logger: logger)
        for extra in payloads.dropFirst() {
            try await rest.createMessage(channelID: channel, extra, logger: logger)
        }
    }

    /// Makes Discord's command list equal to the catalog: per configured guild (instant), or global when none.
    public func registerCommands(from catalog: CommandCatalog) async throws {
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
