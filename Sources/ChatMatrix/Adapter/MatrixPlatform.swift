/*
 Matrix on ChatKit. A session signs in (an access token checked with whoami, or a password login
 with a kept device id), then long-polls `/sync` with a filter, from the position kept in the store:
 a restart neither replays old commands nor misses new ones, and the first start ever skips the
 history. Each command, reaction or `confirm` reply becomes an inbound event keyed by its event id
 (a repeat runs once, also across a restart); the position is saved once a batch was handed over.
 A rejected token is final (`chat:matrix` down); anything else reconnects through the runner.

 Invitations: joined when they come from an allowed user or homeserver, refused (left, with a reason)
 otherwise; a room with `m.room.encryption` cannot be read, so the bot says so once and stays out.
 */
import AsyncHTTPClient
import ChatKit
import Foundation
import Logging
import NexBoardCore

/// Connects NexBoard to a Matrix homeserver: `!nex` commands in rooms, replies as HTML notices,
/// confirmations by reaction or reply, alerts posted in rooms and edited when they resolve.
public final class MatrixPlatform: ChatPlatform, ChatChannels, Sendable {
    public let id = "matrix"
    /// No buttons and no private replies; reactions, edits, threads, pictures (uploaded, then posted
    /// as `m.image` after the text), and direct rooms for what only the asker may see.
    public static let capabilities = ChatCapabilities(
        privateReplies: false, buttons: false, edits: true, threads: true, reactions: true, attachments: true,
        textLength: MatrixRenderer.textLength, buttonsPerMessage: 9, fieldsPerMessage: 25, directMessages: true)
    /// The capabilities, with the configured prefix for commands named in replies.
    public var capabilities: ChatCapabilities {
        var capabilities = Self.capabilities
        capabilities.commandPrefix = configuration.prefix + " "
        return capabilities
    }
    /// Synapse lets a user send about 10 messages at once, then one every 5 s; a little under that.
    public let pace = DeliveryPace(burst: 8, per: 10)
    public var channels: (any ChatChannels)? { self }

    public let configuration: MatrixAdapterConfiguration
    let renderer = MatrixRenderer()
    let commandStore: any ButtonCommandStore
    private let state: any MatrixStateStore
    private let handler: any ChatRequestHandling
    private let baseClient: MatrixClient
    private let ownedHTTPClient: HTTPClient?
    private let signedIn = SignedIn()
    private let now: @Sendable () -> Date
    let sleep: @Sendable (Duration) async throws -> Void
    let elapsed: @Sendable () -> Duration
    /// Told, for each request, how long the bot took from the sync that brought it to sending its first reply.
    let replyLatency: (@Sendable (Duration) -> Void)?
    private let logger: Logger

    /// The keys in the state store.
    static let nextBatchKey = "sync.next_batch"
    static let notBeforeKey = "sync.not_before"
    static let deviceKey = "device_id"

    /// - Parameters:
    ///   - httpClient: nil: the platform makes its own, closed by `shutdown()`.
    ///   - state: the sync position and device id across restarts.
    ///   - commandStore: which reaction on which message presses which button, across restarts.
    ///   - now: wall-clock time, for "events older than the start".
    ///   - replyLatency: told the bot's own share of each request's latency (benchmarks).
    public init<C: Clock>(configuration: MatrixAdapterConfiguration, httpClient: HTTPClient? = nil, state: any MatrixStateStore,
                          commandStore: any ButtonCommandStore = InMemoryButtonCommandStore(), clock: C = ContinuousClock(),
                          now: @escaping @Sendable () -> Date = { Date() }, replyLatency: (@Sendable (Duration) -> Void)? = nil,
                          logger: Logger, handler: any ChatRequestHandling) where C.Duration == Duration {
        self.replyLatency = replyLatency
        self.configuration = configuration
        let client = httpClient ?? HTTPClient(eventLoopGroupProvider: .singleton, configuration: Self.httpConfiguration)
        self.ownedHTTPClient = httpClient == nil ? client : nil
        self.baseClient = MatrixClient(httpClient: client, homeserver: configuration.homeserver,
                                       requestTimeout: configuration.requestTimeout, clock: clock)
        self.state = state
        self.commandStore = commandStore
        self.handler = handler
        self.now = now
        self.sleep = { try await clock.sleep(for: $0) }
        let origin = clock.now
        self.elapsed = { origin.duration(to: clock.now) }
        var logger = logger
        logger[metadataKey: "platform"] = "matrix"
        self.logger = logger
    }

    private static var httpConfiguration: HTTPClient.Configuration {
        var configuration = HTTPClient.Configuration()
        configuration.connectionPool = .init(idleTimeout: .seconds(90))
        configuration.redirectConfiguration = .disallow
        return configuration
    }

    public func shutdown() async {
        do { try await ownedHTTPClient?.shutdown() } catch {
            logger.warning("Could not close the Matrix HTTP client", metadata: ["error": "\(error)"])
        }
    }

    /// Rooms the bot cannot read because they are end-to-end encrypted (for `/healthz`).
    public var encryptedRooms: [String] {
        get async { await signedIn.encryptedRooms.sorted() }
    }

    // MARK: - Session

    public func serveSession(_ session: ChatSession) async throws -> SessionOutcome {
        let logger = session.logger
        let (client, bot) = try await signIn(logger: logger)
        var since = try await state.value(forKey: Self.nextBatchKey)
        let notBefore: Double
        if let stored = try await state.value(forKey: Self.notBeforeKey).flatMap(Double.init) {
            notBefore = stored
        } else {
            notBefore = (now().timeIntervalSince1970 * 1_000).rounded(.down)
            try await state.setValue(String(notBefore), forKey: Self.notBeforeKey)
        }
        var established = false
        while !Task.isCancelled {
            let response: MatrixSyncResponse
            do {
                // The first sync ever only finds the position: what happened before is history.
                response = try await client.sync(since: since, timeout: since == nil || !established ? .zero : configuration.syncTimeout,
                                                 filter: Self.filter, logger: logger)
            } catch let error as MatrixError {
                if error.isRejectedCredential {
                    await signedIn.forget()
                    if case .password = configuration.credentials, established { return .reconnect(healthy: true, delay: nil) }
                    throw MatrixCredentialRejected(detail: error.description)
                }
                if established {
                    logger.warning("Matrix sync failed; reconnecting", metadata: ["error": "\(error)"])
                    return .reconnect(healthy: true, delay: nil)
                }
                throw error
            }
            let encryptedBefore = await signedIn.encryptedRooms
            if !established {
                established = true
                await session.established()
                if !encryptedBefore.isEmpty { await session.note(Self.encryptedRoomsNote(encryptedBefore)) }
            }
            let received = elapsed()
            await handleInvites(response.invites, client: client, bot: bot, logger: logger)
            if since != nil {
                await handleTimelines(response, client: client, bot: bot, notBefore: notBefore, received: received,
                                      inbox: session.inbox, logger: logger)
            }
            let encryptedAfter = await signedIn.encryptedRooms
            if encryptedAfter != encryptedBefore { await session.note(Self.encryptedRoomsNote(encryptedAfter)) }
            try await state.setValue(response.nextBatch, forKey: Self.nextBatchKey)
            since = response.nextBatch
        }
        throw CancellationError()
    }

    /// Timeline messages and reactions, room membership and encryption; no presence, receipts or typing.
    static let filter = #"{"presence":{"not_types":["*"]},"account_data":{"not_types":["*"]},"room":{"timeline":{"limit":50,"#
        + #""types":["m.room.message","m.reaction","m.room.member","m.room.encryption"]},"state":{"types":["m.room.member","#
        + #""m.room.encryption"],"lazy_load_members":true},"ephemeral":{"not_types":["*"]},"account_data":{"not_types":["*"]}}}"#

    private func signIn(logger: Logger) async throws -> (MatrixClient, String) {
        if let current = await signedIn.current { return current }
        do {
            let signed: (MatrixClient, String)
            switch configuration.credentials {
            case let .accessToken(token):
                let client = baseClient.authenticated(token)
                signed = (client, try await client.whoami(logger: logger).userID)
            case let .password(user, password):
                let device = try await state.value(forKey: Self.deviceKey) ?? configuration.deviceID
                let login = try await baseClient.login(user: user, password: password, deviceID: device, logger: logger)
                if let kept = login.deviceID { try await state.setValue(kept, forKey: Self.deviceKey) }
                signed = (baseClient.authenticated(Secret(login.accessToken)), login.userID)
            }
            await signedIn.set(signed)
            logger.info("Signed in to the Matrix homeserver", metadata: ["user": "\(signed.1)"])
            return signed
        } catch let error as MatrixError {
            if error.isRejectedCredential { throw MatrixCredentialRejected(detail: error.description) }
            if case let .refused(_, status, code, _) = error, status == 403, code == "M_FORBIDDEN" {
                throw MatrixCredentialRejected(detail: error.description)
            }
            throw error
        }
    }

    // MARK: - Rooms

    private func handleInvites(_ invites: [String: [MatrixEvent]], client: MatrixClient, bot: String, logger: Logger) async {
        for (room, events) in invites.sorted(by: { $0.key < $1.key }) {
            let invite = events.last { $0.type == "m.room.member" && $0.stateKey == bot && $0.content["membership"]?.string == "invite" }
            let inviter = invite?.sender ?? "an unknown user"
            var logger = logger
            logger[metadataKey: "room"] = "\(room)"
            logger[metadataKey: "inviter"] = "\(inviter)"
            do {
                if !configuration.acceptsInvite(from: inviter, bot: bot) {
                    logger.notice("Refused a Matrix invitation")
                    try await client.leave(room, reason: "NexBoard does not accept invitations from \(inviter).", logger: logger)
                } else if events.contains(where: { $0.type == "m.room.encryption" }) {
                    logger.notice("Refused an invitation to an encrypted Matrix room")
                    await signedIn.noteEncrypted(room)
                    try await client.leave(room, reason: Self.encryptedRoomNotice, logger: logger)
                } else {
                    try await client.join(room, logger: logger)
                    logger.info("Joined a Matrix room")
                }
            } catch {
                logger.warning("Could not answer a Matrix invitation", metadata: ["error": "\(error)"])
            }
        }
    }

    /// The health detail that lists the encrypted rooms.
    static func encryptedRoomsNote(_ rooms: Set<String>) -> String {
        "cannot read end-to-end encrypted rooms: \(rooms.sorted().joined(separator: ", "))"
    }

    static let encryptedRoomNotice = "NexBoard cannot read end-to-end encrypted rooms yet: invite it to an unencrypted room."

    private func handleTimelines(_ response: MatrixSyncResponse, client: MatrixClient, bot: String, notBefore: Double,
                                 received: Duration, inbox: ChatInbox, logger: Logger) async {
        for (room, events) in response.timelines.sorted(by: { $0.key < $1.key }) {
            // A join brings the room's recent history along: only what came after the join counts.
            let joined = events.lastIndex { $0.type == "m.room.member" && $0.stateKey == bot && $0.content["membership"]?.string == "join" }
            let fresh = joined.map { events[events.index(after: $0)...] } ?? events[...]
            if (response.states[room] ?? []).contains(where: { $0.type == "m.room.encryption" })
                || fresh.contains(where: { $0.type == "m.room.encryption" }) {
                if await signedIn.noteEncrypted(room) {
                    _ = try? await client.sendRetrying(MatrixMessageContent(body: Self.encryptedRoomNotice, html: nil), type: "m.room.message",
                                                       to: room, transaction: "nexboard-encrypted-\(ButtonCommands.hexDigest(room, bytes: 8))",
                                                       attempts: 2, logger: logger)
                }
                continue
            }
            guard configuration.rooms.isEmpty || configuration.rooms.contains(room) else { continue }
            for event in fresh {
                let inbound = MatrixInbound.classify(event, bot: bot, prefix: configuration.prefix, notBefore: notBefore)
                guard let sender = event.sender, let eventID = event.eventID else { continue }
                let context = MatrixRequestContext(room: room, event: eventID, sender: sender,
                                                   threadRoot: MatrixInbound.threadRoot(of: event), received: received)
                switch inbound {
                case let .command(line):
                    // A typed `confirm <id>` answers its question like a reaction would: the outcome replaces it.
                    if let id = Self.confirmationID(of: line),
                       let question = try? await commandStore.command(forKey: Self.questionKey(id: id)), !question.isEmpty {
                        var answering = context
                        answering.repliesTo = question
                        inbox.deliver(inboundEvent(answering, line: line, origin: .typed, buttonMessage: ReplyHandle(question), client: client))
                    } else {
                        inbox.deliver(inboundEvent(context, line: line, origin: .typed, buttonMessage: nil, client: client))
                    }
                case .tooLong:
                    inbox.deliver(inboundEvent(context, line: nil, origin: .typed, buttonMessage: nil, client: client))
                case let .reaction(target, key):
                    // A reaction cannot be replied to: answers relate to the message it pressed.
                    var pressed = context
                    pressed.repliesTo = target
                    await deliverPress(of: key, on: target, context: pressed, client: client, inbox: inbox, logger: logger)
                case let .replyVerb(target, verb):
                    await deliverPress(of: verb == "confirm" ? "✅" : "❌", on: target, context: context, client: client, inbox: inbox,
                                       logger: logger)
                case let .ignored(reason):
                    logger.trace("Ignored a Matrix event", metadata: ["event": "\(eventID)", "reason": "\(reason)"])
                }
            }
        }
    }

    /// The key under which the command of reaction `key` on the bot's message `event` is stored.
    /// Keys are compared without variation selectors: the keycaps the bot adds (`1️⃣`) and the ones
    /// a client sends back (`1️⃣` or `1⃣`) find the same button.
    static func reactionKey(event: String, key: String) -> String { "reaction \(event) \(MatrixRenderer.normalizedReaction(key))" }
    /// The key under which the user a message answered is stored (only they get refusals of their reactions).
    static func requesterKey(event: String) -> String { "requester \(event)" }
    /// The key under which the bot's own reactions on `event` are stored, to take them back.
    static func ownReactionsKey(event: String) -> String { "own reactions \(event)" }
    /// The key under which the message that asks confirmation `id` is stored.
    static func questionKey(id: String) -> String { "question \(id)" }
    /// The key under which the direct room the bot opened with `user` is stored.
    static func directRoomKey(user: String) -> String { "direct room \(user)" }

    /// The room where the bot talks to `user` alone: the one it opened before, while they are in it
    /// or still invited; else a new private room, marked direct, with `user` invited.
    func directRoom(with user: String, client: MatrixClient, logger: Logger) async throws -> String {
        if let room = try await commandStore.command(forKey: Self.directRoomKey(user: user)), !room.isEmpty,
           let membership = try? await client.membership(of: user, in: room, logger: logger), membership == "join" || membership == "invite" {
            return room
        }
        let room = try await client.createRoom(MatrixCreateRoom(preset: "trusted_private_chat", invite: [user], isDirect: true), logger: logger)
        try await commandStore.save(room, key: Self.directRoomKey(user: user))
        logger.info("Opened a direct room", metadata: ["user": "\(user)", "room": "\(room)"])
        return room
    }

    private func deliverPress(of key: String, on target: String, context: MatrixRequestContext, client: MatrixClient, inbox: ChatInbox,
                              logger: Logger) async {
        do {
            guard let command = try await commandStore.command(forKey: Self.reactionKey(event: target, key: key)), !command.isEmpty else { return }
            let requester = try await commandStore.command(forKey: Self.requesterKey(event: target))
            var context = context
            context.requester = requester
            inbox.deliver(inboundEvent(context, line: command, origin: .button, buttonMessage: ReplyHandle(target), client: client))
        } catch {
            logger.warning("Could not read a reaction's command", metadata: ["error": "\(error)"])
        }
    }

    private func inboundEvent(_ context: MatrixRequestContext, line: String?, origin: RequestOrigin, buttonMessage: ReplyHandle?,
                              client: MatrixClient) -> InboundEvent {
        InboundEvent(key: "matrix:\(context.event)", durable: true, handle: { [self] logger in
            var logger = logger
            logger[metadataKey: ChatRequest.logMetadataKey] = "\(context.event)"
            let responder = MatrixResponder(platform: self, client: client, context: context, logger: logger)
            guard let line else {
                _ = try? await responder.send(.privateError("That is too long to be a command."))
                return
            }
            let (user, groups) = MatrixIdentity.subjects(of: context.sender)
            let request = ChatRequest(id: context.event, platform: id, capabilities: capabilities, subject: user, groups: groups,
                                      channel: context.room, line: line, origin: origin)
            await handler.handle(request, responder: responder, buttonMessage: buttonMessage)
        })
    }

    // MARK: - Channel messages

    /// Posts an alert in a room. The transaction id comes from `key` (the outbox row's): a post
    /// repeated after a crash shows once.
    public func post(_ message: Message, to channel: String, key: String?) async throws -> ReplyHandle {
        let (client, _) = try await signIn(logger: logger)
        let rendering = renderer.render(message)
        let transaction = "nexboard-" + ButtonCommands.hexDigest("post \(key ?? UUID().uuidString)", bytes: 16)
        let event = try await client.sendRetrying(MatrixMessageContent(body: rendering.body, html: rendering.html), type: "m.room.message",
                                                  to: channel, transaction: transaction, attempts: 3, logger: logger)
        try await addReactions(rendering.reactions, to: event, in: channel, requester: nil, client: client, logger: logger)
        return ReplyHandle(event)
    }

    /// Edits an alert posted with `post` (it resolved).
    public func edit(_ handle: ReplyHandle, _ message: Message, in channel: String) async throws {
        let (client, _) = try await signIn(logger: logger)
        let rendering = renderer.render(message)
        try await sendEdit(of: handle.value, rendering, in: channel, client: client, logger: logger)
        try await remapReactions(rendering.reactions, of: handle.value, in: channel, requester: nil, client: client, logger: logger)
    }

    /// After an edit: each reaction presses the edited message's button, and the bot's reaction of a
    /// button the edit removed is taken back and presses nothing (an acknowledged alert no longer
    /// offers Acknowledge; an answered question no longer shows ✅ and ❌).
    func remapReactions(_ reactions: [(key: String, command: String)], of event: String, in room: String, requester: String?,
                        client: MatrixClient, logger: Logger) async throws {
        let kept = Set(reactions.map(\.key))
        var own = try await ownReactions(of: event)
        for (key, reaction) in own.sorted(by: { $0.key < $1.key }) where !kept.contains(key) {
            try await commandStore.save("", key: Self.reactionKey(event: event, key: key))
            try await client.redact(reaction, in: room, reason: nil,
                                    transaction: "nexboard-" + ButtonCommands.hexDigest("redact \(reaction)", bytes: 16), logger: logger)
            own[key] = nil
            try await saveOwnReactions(own, of: event)
        }
        try await addReactions(reactions, to: event, in: room, requester: requester, client: client, logger: logger)
    }

    func sendEdit(of event: String, _ rendering: MatrixRenderer.Rendering, in room: String, client: MatrixClient, logger: Logger) async throws {
        let content = MatrixMessageContent.edit(of: event, body: rendering.body, html: rendering.html)
        let transaction = "nexboard-" + ButtonCommands.hexDigest("edit \(event) \(rendering.body)", bytes: 16)
        _ = try await client.sendRetrying(content, type: "m.room.message", to: room, transaction: transaction, logger: logger)
    }

    /// Stores which reaction presses which button of `event`, then adds each reaction as the bot. A
    /// confirmation question is also found by its id, for a typed `confirm <id>`.
    func addReactions(_ reactions: [(key: String, command: String)], to event: String, in room: String, requester: String?,
                      client: MatrixClient, logger: Logger) async throws {
        guard !reactions.isEmpty else { return }
        if let requester { try await commandStore.save(requester, key: Self.requesterKey(event: event)) }
        for reaction in reactions {
            try await commandStore.save(reaction.command, key: Self.reactionKey(event: event, key: reaction.key))
            if let id = Self.confirmationID(of: reaction.command) { try await commandStore.save(event, key: Self.questionKey(id: id)) }
        }
        var own = try await ownReactions(of: event)
        for reaction in reactions where own[reaction.key] == nil {
            own[reaction.key] = try await client.sendRetrying(
                MatrixReactionContent(event: event, key: reaction.key), type: "m.reaction", to: room,
                transaction: "nexboard-" + ButtonCommands.hexDigest("react \(event) \(reaction.key)", bytes: 16), logger: logger)
            try await saveOwnReactions(own, of: event)
        }
    }

    /// The reactions the bot put on `event`: key → the reaction's event id.
    private func ownReactions(of event: String) async throws -> [String: String] {
        let stored = try await commandStore.command(forKey: Self.ownReactionsKey(event: event)) ?? ""
        return Dictionary(stored.split(separator: "\n").compactMap { line in
            let parts = line.split(separator: "\t", maxSplits: 1)
            return parts.count == 2 ? (String(parts[0]), String(parts[1])) : nil
        }, uniquingKeysWith: { _, last in last })
    }

    private func saveOwnReactions(_ own: [String: String], of event: String) async throws {
        let lines = own.sorted { $0.key < $1.key }.map { "\($0.key)\t\($0.value)" }
        try await commandStore.save(lines.joined(separator: "\n"), key: Self.ownReactionsKey(event: event))
    }

    /// The id in `confirm <id>` or `cancel <id>`, what a question's ✅ and ❌ press and what can be typed instead.
    static func confirmationID(of line: String) -> String? {
        let words = line.split(whereSeparator: \.isWhitespace)
        guard words.count == 2, ["confirm", "cancel"].contains(words[0].lowercased()) else { return nil }
        return String(words[1])
    }

    /// The signed-in client, kept across sessions, and what the sessions learned about rooms.
    actor SignedIn {
        private(set) var current: (MatrixClient, String)?
        private(set) var encryptedRooms: Set<String> = []

        func set(_ value: (MatrixClient, String)) { current = value }
        func forget() { current = nil }

        /// Records an encrypted room; true the first time.
        @discardableResult
        func noteEncrypted(_ room: String) -> Bool { encryptedRooms.insert(room).inserted }
    }
}

/// Where a request came from: its room, its event, who sent it, its thread.
struct MatrixRequestContext: Sendable {
    var room: String
    var event: String
    var sender: String
    var threadRoot: String?
    /// When the sync that brought it arrived (on the platform's clock), for the bot's own latency.
    var received: Duration
    /// For a reaction or a reply to one of the bot's messages: the user that message answered.
    var requester: String?
    /// The event replies relate to, when not `event` itself (a reaction: the message it pressed).
    var repliesTo: String?
}
