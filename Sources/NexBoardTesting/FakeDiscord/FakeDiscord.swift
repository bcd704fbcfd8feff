/*
 A fake Discord on 127.0.0.1 that speaks the real wire protocol (shared/reference/discord/):

 - Gateway (WebSocket at the root path), as FakeGateway describes: HELLO with a configurable
   interval, heartbeat ACKs (a knob stops them), IDENTIFY → READY (spaced as Discord demands),
   RESUME → replay of every dispatch after the given sequence then RESUMED, and faults on demand:
   drops, close codes, op 7, op 9, and silence with the socket kept open.
 - REST under /api/v10: records every request; checks message payloads and command lists against
   Discord's limits (400 with code 50035 when broken); interaction callbacks only once per
   interaction and only with its token (40060 / 10062 otherwise); bucket headers on every answer;
   429 with `retry_after` (per route or global) and 5xx on demand.
 - Uploads: multipart/form-data bodies on the same routes; `payload_json` goes through the same
   checks as a JSON body, every `attachments[].id` needs its `files[n]` part and the reverse (400
   otherwise), more than 10 MiB of files is a 413; the files are recorded for tests to read.

 Tests inject interactions as gateway dispatches and await what the bot sent.
 */
import Foundation
import HTTPServing
import HTTPTypes
import Hummingbird
import HummingbirdWebSocket
import Logging
import NIOCore
import NIOWebSocket

/// The fake Discord server. `start`, point the bot at `apiURL` and `gatewayURL`, `stop` at the end.
public final class FakeDiscord: Sendable {
    /// `http://127.0.0.1:PORT/api/v10`.
    public let apiURL: String
    /// `ws://127.0.0.1:PORT`.
    public let gatewayURL: String
    public let token: String
    public let applicationID: String
    let state: FakeDiscordState
    private let server: RunningServer

    /// The fake stopped waiting for something a test expected.
    public struct Timeout: Error, CustomStringConvertible {
        public var what: String
        public init(what: String) { self.what = what }
        public var description: String { "timed out waiting for \(what)" }
    }

    private init(server: RunningServer, token: String, applicationID: String, state: FakeDiscordState) {
        self.apiURL = "http://127.0.0.1:\(server.port)/api/v10"
        self.gatewayURL = "ws://127.0.0.1:\(server.port)"
        self.token = token
        self.applicationID = applicationID
        self.state = state
        self.server = server
    }

    /// Starts listening on a free port of 127.0.0.1.
    /// - Parameter identifyInterval: the least time between two IDENTIFYs; a sooner one gets op 9
    ///   (Discord: 5 s at `max_concurrency` 1; zero: no limit).
    public static func start(token: String = "fake-bot-token", applicationID: String = "100",
                             heartbeatInterval: Duration = .seconds(40), identifyInterval: Duration = .zero,
                             logger: Logger = Logger(label: "fake-discord")) async throws -> FakeDiscord {
        let milliseconds = Int(heartbeatInterval.wholeMilliseconds)
        let state = FakeDiscordState(token: token, heartbeatIntervalMS: max(milliseconds, 1), identifyInterval: identifyInterval)
        let router = Router()
        for method in [HTTPRequest.Method.get, .post, .patch, .put, .delete] {
            router.on("/api/v10/**", method: method) { request, _ in
                try await Self.rest(request, state: state)
            }
        }
        let wsRouter = Router(context: FakeGatewayContext.self)
        wsRouter.ws("/") { inbound, outbound, context in
            await Self.gateway(inbound: inbound, outbound: outbound, channel: context.requestContext.channel, state: state, logger: logger)
        }
        let server = try await RunningServer.start(name: "the fake Discord", logger: logger) { onServerRunning in
            Application(
                // Discord sends no WebSocket pings: its heartbeats are op 1 and op 11.
                router: router, server: .http1WebSocketUpgrade(webSocketRouter: wsRouter, configuration: .init(ws: .init(autoPing: .disabled))),
                configuration: ApplicationConfiguration(address: .hostname("127.0.0.1", port: 0)),
                onServerRunning: onServerRunning, logger: logger)
        }
        let fake = FakeDiscord(server: server, token: token, applicationID: applicationID, state: state)
        await state.setGatewayURL(fake.gatewayURL)
        StartedByTest.started(fake) { await fake.stop() }
        return fake
    }

    public func stop() async {
        // A silent connection waits for the bot to drop it; a bot that never does must not hold the server up.
        for channel in await state.silentChannels() { try? await channel.close() }
        await server.stop()
        StartedByTest.stopped(self)
    }

    // MARK: - Gateway knobs

    /// Waits until connection number `connection` (1 = the first) has a READY or RESUMED session.
    public func waitForSession(connection: Int = 1, timeout: Duration = .seconds(10)) async throws {
        try await waitUntil("gateway connection \(connection) ready", timeout: timeout) { state in
            await state.isReady(connection: connection)
        }
    }

    /// An interaction ready to send: its id, token and JSON.
    public struct PreparedInteraction: Sendable {
        public var id: String
        public var token: String
        var json: String
    }

    /// Fills in `id`, `token`, `application_id`, `version` when missing and encodes the interaction,
    /// so that a benchmark can do this before it measures.
    public func prepare(interaction: [String: Any]) async throws -> PreparedInteraction {
        var object = interaction
        let id: String
        if let given = object["id"] as? String { id = given } else { id = await state.newID() }
        let token = object["token"] as? String ?? "itoken-\(id)"
        object["id"] = id
        object["token"] = token
        object["application_id"] = object["application_id"] ?? applicationID
        object["version"] = 1
        let json = String(decoding: try JSONSerialization.data(withJSONObject: object), as: UTF8.self)
        return PreparedInteraction(id: id, token: token, json: json)
    }

    /// Sends an interaction as an INTERACTION_CREATE dispatch (logged for RESUME replay if the
    /// connection is down). Fills in `id`, `token`, `application_id`, `version` when missing.
    /// Returns the interaction's id and token.
    @discardableResult
    public func send(interaction: [String: Any]) async throws -> (id: String, token: String) {
        let prepared = try await prepare(interaction: interaction)
        try await send(prepared)
        return (prepared.id, prepared.token)
    }

    /// Sends a prepared interaction as an INTERACTION_CREATE dispatch.
    public func send(_ interaction: PreparedInteraction) async throws {
        guard await state.enqueueInteraction(id: interaction.id, token: interaction.token, json: interaction.json) else {
            throw Timeout(what: "a gateway session to send the interaction on")
        }
    }

    /// Tells the fake about an interaction delivered to the bot's HTTP endpoint (the test posts it
    /// there itself) and answered in the HTTP response, so that its webhook token is accepted.
    public func expectHTTPInteraction(id: String, token: String) async {
        await state.acknowledgedOverHTTP(id: id, token: token)
    }

    /// Tells the fake about an interaction the test answers itself over REST (no gateway needed):
    /// its callback is accepted once, then its token works for webhook requests.
    public func expectInteraction(id: String, token: String) async {
        await state.expectInteraction(id: id, token: token)
    }

    /// Closes the gateway connection with `code` (4000: resumable; 4004: bad token; 4007 and 4009
    /// also end the session; …).
    public func closeConnection(code: Int) async {
        await inject(.close(code: code))
    }

    /// Sends op 7 (reconnect).
    public func requestReconnect() async {
        await inject(.reconnect)
    }

    /// Sends op 9 (invalid session); `resumable` false ends the session.
    public func invalidateSession(resumable: Bool) async {
        await inject(.invalidSession(resumable: resumable))
    }

    /// Injects `fault` into the newest gateway connection. Returns false when there is no open one,
    /// or when `onlyWhenReady` and its session is not ready (nothing waits for a RESUME then, so a
    /// fault that ends the session loses nothing).
    @discardableResult
    public func inject(_ fault: FakeGatewayFault, onlyWhenReady: Bool = false) async -> Bool {
        await state.injectGatewayFault(fault, onlyWhenReady: onlyWhenReady)
    }

    /// Whether heartbeats are acknowledged (off: the bot should see a zombie connection).
    public func acknowledgeHeartbeats(_ on: Bool) async {
        await state.setAcknowledge(on)
    }

    /// Counters: connections opened, IDENTIFYs, RESUMEs, heartbeats received.
    public func gatewayCounts() async -> (connections: Int, identifies: Int, resumes: Int, heartbeats: Int) {
        let record = await state.gatewayRecord()
        return (record.connections, record.identifies, record.resumes, record.heartbeats)
    }

    /// Everything the gateway saw: identify times, silences and when the bot left them, …
    public func gatewayRecord() async -> FakeGatewayRecord {
        await state.gatewayRecord()
    }

    /// Interactions sent over the gateway (or expected) that have no accepted callback yet.
    public func unansweredInteractions() async -> [String] {
        await state.interactions.filter { $0.value.callbacks == 0 }.map(\.key)
    }

    /// Callbacks refused because the interaction already had one: interactions handled twice.
    public func repeatedCallbacks() async -> Int {
        await state.repeatedCallbacks
    }

    /// How many interactions have had their callback.
    public func callbackCount() async -> Int {
        await state.callbackCount()
    }

    /// For each interaction sent over the gateway and acknowledged: from the dispatch written to the
    /// socket to the callback read by the fake.
    public func acknowledgementLatencies() async -> [Duration] {
        await state.ackLatencies()
    }

    /// Forgets what was recorded so far (REST requests, replayable gateway events, answered
    /// interactions, latencies), so that a long benchmark measures the bot and not the fake's logs.
    /// With `keepRequestLog: false` REST requests are no longer recorded at all from now on.
    public func discardHistory(keepRequestLog: Bool = true) async {
        await state.discardHistory(keepRequestLog: keepRequestLog)
    }

    // MARK: - REST knobs

    /// The ids of the messages created in a channel, in order (a post with an enforced nonce that
    /// was already used creates none).
    public func messages(in channel: String) async -> [String] {
        await state.channelMessages[channel] ?? []
    }

    /// Every REST request received so far, in order.
    public func requests() async -> [FakeDiscordRequest] {
        await state.requests
    }

    /// Waits for a REST request matching `predicate` and returns the first one.
    public func waitForRequest(_ what: String, timeout: Duration = .seconds(10),
                               where predicate: @escaping @Sendable (FakeDiscordRequest) -> Bool) async throws -> FakeDiscordRequest {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if let found = await state.requests.first(where: predicate) { return found }
            try await Task.sleep(for: .milliseconds(10))
        }
        throw Timeout(what: what)
    }

    /// The next `times` requests whose path contains `pathContains` get a 429.
    public func rateLimit(pathContains: String, times: Int = 1, retryAfter: Double, global: Bool = false) async {
        await state.addFault(.init(pathContains: pathContains, remaining: times, kind: .rateLimit(retryAfter: retryAfter, global: global)))
    }

    /// The next `times` requests whose path contains `pathContains` get `status` (a 5xx).
    public func failWithServerError(pathContains: String, times: Int = 1, status: Int = 502) async {
        await state.addFault(.init(pathContains: pathContains, remaining: times, kind: .serverError(status)))
    }

    private func waitUntil(_ what: String, timeout: Duration, _ condition: @Sendable (FakeDiscordState) async -> Bool) async throws {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if await condition(state) { return }
            try await Task.sleep(for: .milliseconds(10))
        }
        if await condition(state) { return }
        throw Timeout(what: what)
    }
}

extension FakeDiscordState {
    func setGatewayURL(_ url: String) { gateway.gatewayURL = url }
    func isReady(connection: Int) -> Bool { gateway.isReady(connection: connection) }
    func setAcknowledge(_ on: Bool) { gateway.acknowledgeHeartbeats = on }
    func injectGatewayFault(_ fault: FakeGatewayFault, onlyWhenReady: Bool) -> Bool {
        gateway.inject(fault, onlyWhenReady: onlyWhenReady)
    }
    func addFault(_ fault: PendingFault) { faults.append(fault) }
    func noteDispatched(_ id: String) { dispatchedAt[id] = .now }
    func callbackCount() -> Int { callbackAt.count }
    func ackLatencies() -> [Duration] {
        callbackAt.compactMap { id, at in dispatchedAt[id].map { at - $0 } }
    }
    func acknowledgedOverHTTP(id: String, token: String) { interactions[id] = (token, 1) }
    func expectInteraction(id: String, token: String) { interactions[id] = (token, 0) }
    func discardHistory(keepRequestLog: Bool) {
        requests.removeAll()
        recordsRequests = keepRequestLog
        gateway.discardEvents()
        interactions = interactions.filter { $0.value.callbacks == 0 }
        dispatchedAt = dispatchedAt.filter { callbackAt[$0.key] == nil }
        callbackAt.removeAll()
    }
}
