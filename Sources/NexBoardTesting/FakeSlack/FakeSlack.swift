/*
 A fake Slack on 127.0.0.1 that speaks the real wire protocols (shared/reference/slack/):

 - Web API under /api/<method>: `auth.test`, `apps.connections.open` (app-level token only),
   `chat.postMessage`, `chat.update`, `chat.postEphemeral`. Bearer tokens are checked (`not_authed`,
   `invalid_auth`, `not_allowed_token_type`); message arguments go through Slack's Block Kit checks
   (FakeSlackValidator: `invalid_blocks`, `no_text`, `msg_too_long`); channels can refuse posts
   (`not_in_channel`, `channel_not_found`); answers are HTTP 200 with `ok`, as Slack's are. On demand:
   429 with `Retry-After` and `ratelimited`, any `ok: false` error, 5xx; a revoked bot token; a call
   carried out whose answer is then lost (500, or the connection dropped), as when Slack posted a
   message but the answer never arrived.
 - `conversations.history` (form or JSON): the channel's messages newest first, `oldest`/`latest`/
   `inclusive`, `limit` (default 100, at most 999) and `cursor` pages with `has_more`; each message
   with `ts`, `text`, `blocks`, the bot's `bot_id`, `files` for shared files, and its `metadata` when
   `include_all_metadata` is set.
 - Files, Slack's three steps: `files.getUploadURLExternal` (`filename`, `length` > 0, `alt_txt` at
   most 1,000 characters; else `invalid_arguments`, `missing_argument`, `alt_txt_too_large`) answers
   an upload URL on the fake's own port (`/upload/<file id>`, no token) that takes exactly `length`
   bytes (else HTTP 400); `files.completeUploadExternal` (`files` of uploaded ids with titles,
   `channel_id`, `thread_ts`, `initial_comment`) shares them in one message of the channel, else
   `invalid_arguments`. On demand, faults on the upload URL as on a method (`file_upload`).
 - Socket Mode: `apps.connections.open` hands out `ws://…/link/?ticket=…`, good for one connection.
   A connection gets `hello`; envelopes (`slash_commands`, `interactive`, `events_api`) shaped like
   Slack's go to the newest connection; each must be acknowledged with its `envelope_id`, else it is
   sent again after `redeliveryDelay` (Slack: 3 s), with `retry_attempt` and `retry_reason`, up to 3
   times. `disconnect` messages (warning, refresh_requested, link_disabled) and dropped sockets on demand.
 - Response URLs (`/response/<id>`), one per slash command and button press: 5 uses within 30 minutes,
   `replace_original` and `response_type` recorded; an ack's payload counts as the first response.

 Tests send envelopes and await what the bot sent.
 */
import Foundation
import HTTPServing
import HTTPTypes
import Hummingbird
import HummingbirdWebSocket
import Logging
import NIOCore

/// The fake Slack server. `start`, point the bot at `apiURL`, `stop` at the end.
public final class FakeSlack: Sendable {
    /// `http://127.0.0.1:PORT/api`.
    public let apiURL: String
    public let botToken: String
    public let appToken: String
    public let teamID = "T0FAKETEAM"
    let state: FakeSlackState
    private let server: RunningServer

    /// An acknowledgement the bot sent over Socket Mode.
    public struct Ack: Sendable {
        public var envelopeID: String
        /// The ack's `payload` (a slash command's first reply), as JSON.
        public var payload: Data?
        /// The connection it came on (1 = the first).
        public var connection: Int
        /// From the envelope written to the socket to the ack read.
        public var latency: Duration?

        /// The payload as a request, to read like a posted message.
        public var asResponse: FakeSlackRequest? {
            payload.map { FakeSlackRequest(method: "ack", token: nil, body: $0, isForm: false, error: nil, violations: []) }
        }
    }

    /// An envelope sent to the bot: its id, and the response URL its payload carries.
    public struct Sent: Sendable {
        public var envelopeID: String
        public var responseURL: String
        public var responseID: String { String(responseURL.split(separator: "/").last ?? "") }
    }

    /// How a call's answer is lost after the call was carried out.
    public enum LostAnswer: Sendable {
        /// HTTP 500 instead of the answer.
        case serverError
        /// The connection is closed without an answer.
        case dropped
    }

    /// A file uploaded to the fake, shared in a channel once completed.
    public struct File: Sendable {
        public var id: String
        public var filename: String
        public var declaredLength: Int
        public var altText: String?
        public var title: String?
        /// The bytes, once uploaded.
        public var data: Data?
        /// Where it was shared (nil until `files.completeUploadExternal`), and the message that shows it.
        public var channel: String?
        public var ts: String?
        public var threadTS: String?

        /// The bytes as UTF-8 text.
        public var text: String { String(decoding: data ?? Data(), as: UTF8.self) }
    }

    /// The fake stopped waiting for something a test expected.
    public struct Timeout: Error, CustomStringConvertible {
        public var what: String
        public init(what: String) { self.what = what }
        public var description: String { "timed out waiting for \(what)" }
    }

    private init(server: RunningServer, botToken: String, appToken: String, state: FakeSlackState) {
        self.apiURL = "http://127.0.0.1:\(server.port)/api"
        self.botToken = botToken
        self.appToken = appToken
        self.state = state
        self.server = server
    }

    /// Starts listening on a free port of 127.0.0.1.
    /// - Parameters:
    ///   - redeliveryDelay: how long an envelope waits for its ack before it is sent again (Slack: 3 s).
    ///   - responseURLLifetime: how long a response URL works (Slack: 30 minutes).
    public static func start(botToken: String = "xoxb-fake-bot", appToken: String = "xapp-fake-app",
                             redeliveryDelay: Duration = .seconds(3), responseURLLifetime: Duration = .seconds(30 * 60),
                             logger: Logger = Logger(label: "fake-slack")) async throws -> FakeSlack {
        let state = FakeSlackState(botToken: botToken, appToken: appToken, redeliveryDelay: redeliveryDelay,
                                   responseURLLifetime: responseURLLifetime)
        let router = Router(context: FakeGatewayContext.self)
        router.post("/api/:method") { request, context in
            try await Self.webAPI(request, method: context.parameters.get("method") ?? "", channel: context.channel, state: state)
        }
        router.post("/upload/:id") { request, context in
            try await Self.upload(request, id: context.parameters.get("id") ?? "", state: state)
        }
        router.post("/response/:id") { request, context in
            try await Self.responseURL(request, id: context.parameters.get("id") ?? "", state: state)
        }
        let wsRouter = Router(context: FakeGatewayContext.self)
        wsRouter.ws("/link", shouldUpgrade: { request, _ in
            let ticket = request.uri.queryParameters.get("ticket") ?? ""
            return await state.takeTicket(ticket) ? .upgrade([:]) : .dontUpgrade
        }) { inbound, outbound, context in
            await Self.socket(inbound: inbound, outbound: outbound, channel: context.requestContext.channel, state: state, logger: logger)
        }
        let server = try await RunningServer.start(name: "the fake Slack", logger: logger, alongside: {
            while !Task.isCancelled {
                try await Task.sleep(for: .milliseconds(50))
                await state.redeliverOverdue()
            }
        }) { onServerRunning in
            Application(
                router: router, server: .http1WebSocketUpgrade(webSocketRouter: wsRouter, configuration: .init(ws: .init(autoPing: .disabled))),
                configuration: ApplicationConfiguration(address: .hostname("127.0.0.1", port: 0)),
                onServerRunning: onServerRunning, logger: logger)
        }
        let fake = FakeSlack(server: server, botToken: botToken, appToken: appToken, state: state)
        await state.setBaseURL("http://127.0.0.1:\(server.port)")
        StartedByTest.started(fake) { await fake.stop() }
        return fake
    }

    public func stop() async {
        for number in await state.openConnections() { await state.close(connection: number, with: .drop) }
        await server.stop()
        StartedByTest.stopped(self)
    }

    // MARK: - Envelopes

    /// Sends `/nex <text>` as a `slash_commands` envelope. Returns its envelope id and response URL.
    @discardableResult
    public func sendSlashCommand(_ text: String, user: String, channel: String = "C0GENERAL", team: String? = nil,
                                 command: String = "/nex") async throws -> Sent {
        let id = await state.newEnvelopeID()
        let responseURL = await state.newResponseURL(channel: channel, user: user)
        let payload: [String: Any] = [
            "token": "verification-token", "team_id": team ?? teamID, "team_domain": "nexlab", "channel_id": channel,
            "channel_name": "general", "user_id": user, "user_name": user.lowercased(), "command": command, "text": text,
            "api_app_id": "A0FAKEAPP", "is_enterprise_install": "false", "response_url": responseURL,
            "trigger_id": "\(id).trigger",
        ]
        try await send(["envelope_id": id, "type": "slash_commands", "accepts_response_payload": true, "payload": payload])
        return Sent(envelopeID: id, responseURL: responseURL)
    }

    /// Presses a button: a `block_actions` interactive envelope for the message `messageTS` in `channel`.
    @discardableResult
    public func sendButtonPress(value: String, actionID: String = "nex-0", user: String, channel: String = "C0GENERAL",
                                messageTS: String, ephemeral: Bool = false, team: String? = nil) async throws -> Sent {
        let id = await state.newEnvelopeID()
        let (sent, payload) = try await buttonPress(envelopeID: id, value: value, actionID: actionID, user: user, channel: channel,
                                                    messageTS: messageTS, ephemeral: ephemeral, team: team)
        try await send(["envelope_id": id, "type": "interactive", "accepts_response_payload": true, "payload": payload])
        return sent
    }

    /// A button press for HTTP mode: the `payload` field's JSON, which the test posts to the bot itself.
    public func prepareButtonPress(value: String, actionID: String = "nex-0", user: String, channel: String = "C0GENERAL",
                                   messageTS: String) async throws -> (sent: Sent, payload: String) {
        let (sent, payload) = try await buttonPress(envelopeID: await state.newEnvelopeID(), value: value, actionID: actionID, user: user,
                                                    channel: channel, messageTS: messageTS, ephemeral: false, team: nil)
        return (sent, String(decoding: try JSONSerialization.data(withJSONObject: payload), as: UTF8.self))
    }

    private func buttonPress(envelopeID id: String, value: String, actionID: String, user: String, channel: String, messageTS: String,
                             ephemeral: Bool, team: String?) async throws -> (Sent, [String: Any]) {
        let responseURL = await state.newResponseURL(channel: channel, user: user)
        let payload: [String: Any] = [
            "type": "block_actions", "team": ["id": team ?? teamID, "domain": "nexlab"],
            "user": ["id": user, "username": user.lowercased(), "team_id": team ?? teamID], "api_app_id": "A0FAKEAPP",
            "token": "verification-token", "trigger_id": "\(id).trigger",
            "container": ["type": "message", "message_ts": messageTS, "channel_id": channel, "is_ephemeral": ephemeral],
            "channel": ["id": channel, "name": "general"],
            "message": ["type": "message", "ts": messageTS, "text": "", "bot_id": "B0FAKEBOT"],
            "response_url": responseURL,
            "actions": [["type": "button", "action_id": actionID, "block_id": "nex-actions", "value": value,
                         "text": ["type": "plain_text", "text": "button"], "action_ts": "1700000000.000001"]],
        ]
        return (Sent(envelopeID: id, responseURL: responseURL), payload)
    }

    /// Sends an `events_api` envelope wrapping `event` (an `event_callback`).
    @discardableResult
    public func sendEvent(_ event: [String: Any]) async throws -> String {
        let id = await state.newEnvelopeID()
        let payload: [String: Any] = ["type": "event_callback", "team_id": teamID, "api_app_id": "A0FAKEAPP", "event": event,
                                      "event_id": "Ev\(id)", "event_time": 1_700_000_000]
        try await send(["envelope_id": id, "type": "events_api", "accepts_response_payload": false, "payload": payload])
        return id
    }

    private func send(_ envelope: [String: Any]) async throws {
        let json = try JSONSerialization.data(withJSONObject: envelope)
        guard await state.send(envelope: json) else { throw Timeout(what: "an open Socket Mode connection") }
    }

    /// Sends a `disconnect` message with `reason` (`warning`, `refresh_requested`, `link_disabled`) on the
    /// newest connection, and closes it `closeAfter` later (Slack: about 10 s after a warning; nil: leaves it open).
    public func disconnect(reason: String, closeAfter: Duration? = .seconds(1)) async {
        let text = #"{"type":"disconnect","reason":"\#(reason)","debug_info":{"host":"wss-fake"}}"#
        let number = await state.newest
        _ = await state.inject(text, then: nil)
        guard let closeAfter, let number else { return }
        let state = self.state
        Task {
            try? await Task.sleep(for: closeAfter)
            await state.close(connection: number, with: .close)
        }
    }

    /// Drops the newest connection's socket without a close frame.
    public func dropConnection() async {
        _ = await state.inject(nil, then: .drop)
    }

    /// Waits until `count` connections have been opened and one is open.
    public func waitForConnection(_ count: Int = 1, timeout: Duration = .seconds(10)) async throws {
        try await waitUntil("Socket Mode connection \(count)", timeout: timeout) { state in
            let opened = await state.connectionCount
            let open = await state.openConnections()
            return opened >= count && !open.isEmpty
        }
    }

    /// Connections opened so far, and those open now.
    public func connectionCounts() async -> (opened: Int, open: [Int]) {
        (await state.connectionCount, await state.openConnections())
    }

    /// The acknowledgements received, in order.
    public func acks() async -> [Ack] { await state.acks }

    /// How many acknowledgements were received (since the last `discardHistory`).
    public func ackCount() async -> Int { await state.acks.count }

    /// Waits for the ack of `envelopeID`.
    public func waitForAck(_ envelopeID: String, timeout: Duration = .seconds(10)) async throws -> Ack {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if let ack = await state.acks.first(where: { $0.envelopeID == envelopeID }) { return ack }
            try await Task.sleep(for: .milliseconds(10))
        }
        throw Timeout(what: "the ack of \(envelopeID)")
    }

    /// Envelopes sent again because no ack came in time, and acks for no waiting envelope.
    public func redeliveryCounts() async -> (redeliveries: Int, unknownAcks: Int) {
        (await state.redeliveries, await state.unknownAcks)
    }

    // MARK: - Web API and response URLs

    /// Every Web API request received so far, in order.
    public func requests() async -> [FakeSlackRequest] { await state.requests }

    /// Waits for a Web API request matching `predicate`.
    public func waitForRequest(_ what: String, timeout: Duration = .seconds(10),
                               where predicate: @escaping @Sendable (FakeSlackRequest) -> Bool) async throws -> FakeSlackRequest {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if let found = await state.requests.first(where: predicate) { return found }
            try await Task.sleep(for: .milliseconds(10))
        }
        throw Timeout(what: what)
    }

    /// What went to a response URL (its id: the last part), the ack's payload first when it had one.
    public func responses(to sent: Sent) async -> [FakeSlackRequest] {
        let ack = await state.acks.first { $0.envelopeID == sent.envelopeID }?.asResponse
        return (ack.map { [$0] } ?? []) + (await state.responses[sent.responseID] ?? [])
    }

    /// Waits until the responses to `sent` satisfy `predicate`.
    public func waitForResponses(_ what: String, to sent: Sent, timeout: Duration = .seconds(15),
                                 _ predicate: @escaping @Sendable ([FakeSlackRequest]) -> Bool) async throws -> [FakeSlackRequest] {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            let responses = await responses(to: sent)
            if predicate(responses) { return responses }
            try await Task.sleep(for: .milliseconds(10))
        }
        throw Timeout(what: what)
    }

    /// The messages posted in `channel` (ts and the latest request that made or edited each), in order.
    public func messages(in channel: String) async -> [(ts: String, latest: FakeSlackRequest)] {
        let order = await state.messageOrder[channel] ?? []
        let messages = await state.messages[channel] ?? [:]
        return order.compactMap { ts in messages[ts].map { (ts, $0) } }
    }

    /// How many times a message was edited.
    public func editCount(channel: String, ts: String) async -> Int { await state.edits["\(channel)/\(ts)"] ?? 0 }

    /// Posts in `channel` answer `error` (`not_in_channel`, `channel_not_found`); nil: accepted again.
    public func refusePosts(in channel: String, with error: String?) async {
        await state.setRefusal(channel, error)
    }

    /// The next `times` calls of `method` answer 429 with `Retry-After: retryAfter` seconds.
    public func rateLimit(method: String, times: Int = 1, retryAfter: Int = 1) async {
        await state.addFault(.init(method: method, remaining: times, kind: .rateLimit(retryAfter: retryAfter)))
    }

    /// The next `times` calls of `method` answer `ok: false` with `error`.
    public func fail(method: String, with error: String, times: Int = 1) async {
        await state.addFault(.init(method: method, remaining: times, kind: .error(error)))
    }

    /// The next `times` calls of `method` are carried out (a message posted) and then their answer is
    /// lost: HTTP 500, or the connection closed without an answer.
    public func loseAnswers(of method: String = "chat.postMessage", times: Int = 1, _ how: LostAnswer) async {
        await state.addFault(.init(method: method, remaining: times, kind: .loseAnswer(how)))
    }

    /// The files shared in `channel`, in order.
    public func files(in channel: String) async -> [File] {
        await state.uploads.values.filter { $0.channel == channel }.sorted { ($0.ts ?? "") < ($1.ts ?? "") || ($0.ts == $1.ts && $0.id < $1.id) }
    }

    /// Every upload started (`files.getUploadURLExternal`), shared or not.
    public func uploads() async -> [File] {
        await state.uploads.values.sorted { $0.id < $1.id }
    }

    /// The next `times` calls of `method` answer HTTP `status` (a 5xx).
    public func failWithServerError(method: String, times: Int = 1, status: Int = 503) async {
        await state.addFault(.init(method: method, remaining: times, kind: .serverError(status)))
    }

    /// From now on the bot token is refused (`invalid_auth`), as after it was revoked.
    public func revokeBotToken() async { await state.revoke() }

    /// Forgets what was recorded (requests, acks, messages), so that a long benchmark measures the bot.
    public func discardHistory(keepRequestLog: Bool = true) async {
        await state.discardHistory(keepRequestLog: keepRequestLog)
    }

    /// What Slack would refuse in a message's JSON (`text`, `blocks`): the checks the fake runs on every post.
    public static func blockKitViolations(_ json: Data) -> [String] {
        let arguments = ((try? JSONSerialization.jsonObject(with: json)) as? [String: Any]) ?? [:]
        return FakeSlackValidator.check(arguments)?.violations ?? []
    }

    private func waitUntil(_ what: String, timeout: Duration, _ condition: @Sendable (FakeSlackState) async -> Bool) async throws {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if await condition(state) { return }
            try await Task.sleep(for: .milliseconds(10))
        }
        throw Timeout(what: what)
    }
}

extension FakeSlackState {
    func setRefusal(_ channel: String, _ error: String?) { refusedChannels[channel] = error }
    func addFault(_ fault: Fault) { faults.append(fault) }
    func revoke() { botTokenRevoked = true }
}
