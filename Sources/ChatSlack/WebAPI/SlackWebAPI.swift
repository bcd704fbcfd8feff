/*
 The Slack Web API client: a small transport over AsyncHTTPClient, typed methods, conveniences.

 Every call sends JSON with the bot token (the app-level token for `apps.connections.open`) as a
 bearer token; tokens are never logged. Slack answers HTTP 200 with `ok`: `ok: false` is a typed
 refusal (SlackAPIError), and an authentication refusal is also reported to `onAuthenticationFailure`
 (the platform stops: `chat:slack` down). A 429 closes the method for `Retry-After` seconds and the
 same request is sent again: nothing is dropped because of a limit. 5xx answers and network failures
 are retried with exponential backoff (ChatKit's RequestRetry) until the call's deadline. Response URLs and file upload URLs
 (which need no token) go through the same retries.

 A retried `chat.postMessage` is posted once. Slack has no idempotency key, and a post whose answer was
 lost (a 5xx, a dropped connection) may have reached the channel. Every post carries a marker in its
 message metadata (`event_type` nexboard_post, `event_payload.post`: the outbox key, else a fresh
 id); before sending again after such a failure, the channel's history since the first attempt
 (`conversations.history` with `include_all_metadata`, a minute earlier for clock skew) is searched
 for the marker, and a message found is adopted: its `ts` is the answer. When the history cannot be
 read (no `channels:history` scope, say) the post is sent again, as before: at least once.
 */
import AsyncHTTPClient
import ChatKit
import Foundation
import Logging
import NIOCore
import NIOHTTP1
import NexBoardCore

/// The Web API methods NexBoard calls.
public enum SlackMethod: String, Sendable {
    case authTest = "auth.test"
    case connectionsOpen = "apps.connections.open"
    case postMessage = "chat.postMessage"
    case update = "chat.update"
    case postEphemeral = "chat.postEphemeral"
    case history = "conversations.history"
    case getUploadURL = "files.getUploadURLExternal"
    case completeUpload = "files.completeUploadExternal"

    /// Whether the method takes the app-level token (`xapp-`) rather than the bot token.
    var usesAppToken: Bool { self == .connectionsOpen }
}

/// Talks to Slack's Web API with the bot token, and posts to response URLs.
public struct SlackWebAPI: Sendable {
    private let httpClient: HTTPClient
    private let apiBase: String
    private let botToken: Secret
    private let appToken: Secret?
    private let gate = SlackRateGate()
    private let retry: RequestRetry
    private let defaultDeadline: Duration
    private let requestTimeout: Duration
    private let onAuthenticationFailure: @Sendable (String) async -> Void
    private let date: @Sendable () -> Date

    /// - Parameters:
    ///   - apiBaseURL: `https://slack.com/api` (tests: the fake Slack).
    ///   - clock: what rate-limit waits and retry backoff sleep on.
    ///   - defaultDeadline: how long one call is retried through 429s, 5xx and network failures.
    ///   - onAuthenticationFailure: told Slack's code when a token is refused.
    ///   - now: the wall-clock date, as Slack's `ts` values count: where a retried post looks in the history.
    public init<C: Clock>(httpClient: HTTPClient, apiBaseURL: String = "https://slack.com/api", botToken: Secret, appToken: Secret? = nil,
                          clock: C = ContinuousClock(), defaultDeadline: Duration = .seconds(600), requestTimeout: Duration = .seconds(15),
                          now: @escaping @Sendable () -> Date = { Date() },
                          onAuthenticationFailure: @escaping @Sendable (String) async -> Void = { _ in }) where C.Duration == Duration {
        self.httpClient = httpClient
        var base = apiBaseURL
        while base.hasSuffix("/") { base.removeLast() }
        self.apiBase = base
        self.botToken = botToken
        self.appToken = appToken
        self.retry = RequestRetry(clock: clock)
        self.defaultDeadline = defaultDeadline
        self.requestTimeout = requestTimeout
        self.onAuthenticationFailure = onAuthenticationFailure
        self.date = now
    }

    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    // MARK: - Methods

    /// Who the bot token belongs to (`auth.test`): checks the token at start.
    public func authTest(logger: Logger) async throws -> AuthTest {
        try decode(AuthTest.self, from: try await call(.authTest, body: nil, logger: logger), method: .authTest)
    }

    /// A Socket Mode WebSocket URL (`apps.connections.open`, app-level token), good for one connection.
    public func openConnection(logger: Logger) async throws -> String {
        struct Opened: Decodable { var url: String }
        return try decode(Opened.self, from: try await call(.connectionsOpen, body: nil, logger: logger), method: .connectionsOpen).url
    }

    /// Posts `message` in `channel`; returns its `ts`. `marker` (an outbox key) goes in the message's
    /// metadata, so that a retry after a lost answer finds the message instead of posting it again.
    public func postMessage(_ message: SlackMessage, channel: String, marker: String? = nil, logger: Logger) async throws -> String {
        let marker = marker ?? UUID().uuidString
        let body = try Self.encoder.encode(ChannelMessage(channel: channel, message: message, metadata: .post(marker)))
        let since = date().addingTimeInterval(-Self.clockSkewMargin)
        let deadline = retry.now() + defaultDeadline
        let data = try await send(.json(url: "\(apiBase)/\(SlackMethod.postMessage.rawValue)", name: SlackMethod.postMessage.rawValue,
                                        token: botToken, body: body), until: deadline, logger: logger, beforeResending: {
            do {
                guard let ts = try await findPost(marker: marker, channel: channel, since: since, until: deadline, logger: logger) else { return nil }
                logger.notice("A post whose answer was lost had reached Slack; it is not posted again", metadata: ["ts": "\(ts)"])
                return try Self.encoder.encode(Posted(ts: ts))
            } catch let error as SlackAPIError {
                logger.warning("Could not look for an earlier attempt in the channel's history; posting again",
                               metadata: ["error": "\(error)"])
                return nil
            }
        })
        return try decode(Posted.self, from: data, method: .postMessage).ts
    }

    /// How far before the first attempt a retried post looks for itself (Slack's clock and ours differ a little).
    static let clockSkewMargin: TimeInterval = 60
    /// The most history pages a retried post reads looking for itself.
    static let historyPages = 5

    /// The `ts` of the message in `channel` whose metadata carries `marker`, posted since `since`; nil when there is none.
    func findPost(marker: String, channel: String, since: Date, until deadline: Duration, logger: Logger) async throws -> String? {
        var cursor: String?
        for _ in 0..<Self.historyPages {
            var fields = [("channel", channel), ("oldest", Self.ts(since)), ("inclusive", "true"), ("include_all_metadata", "true"),
                          ("limit", "200")]
            if let cursor { fields.append(("cursor", cursor)) }
            let page = try decode(HistoryPage.self, from: try await call(.history, form: fields, until: deadline, logger: logger), method: .history)
            if let found = page.messages.first(where: { $0.metadata?.marker == marker }) { return found.ts }
            guard page.hasMore == true, let next = page.responseMetadata?.nextCursor, !next.isEmpty else { return nil }
            cursor = next
        }
        return nil
    }

    /// A date as Slack writes times (`1700000000.000100`).
    static func ts(_ date: Date) -> String {
        String(format: "%.6f", max(date.timeIntervalSince1970, 0))
    }

    /// Replaces the message `ts` in `channel`.
    public func update(_ message: SlackMessage, channel: String, ts: String, logger: Logger) async throws {
        let body = try Self.encoder.encode(ChannelMessage(channel: channel, message: message, ts: ts))
        try await call(.update, body: body, logger: logger)
    }

    /// Shows `message` to `user` alone in `channel`.
    public func postEphemeral(_ message: SlackMessage, channel: String, user: String, logger: Logger) async throws {
        let body = try Self.encoder.encode(ChannelMessage(channel: channel, message: message, user: user))
        try await call(.postEphemeral, body: body, logger: logger)
    }

    /// Posts to a response URL: a new message (`replaceOriginal` false) or a replacement of the one
    /// the interaction started from.
    public func respond(to responseURL: String, _ message: SlackMessage, replaceOriginal: Bool, logger: Logger) async throws {
        let body = try Self.encoder.encode(ResponseMessage(message: message, replaceOriginal: replaceOriginal))
        try await send(.json(url: responseURL, name: "response_url", token: nil, body: body, answersJSON: false), logger: logger)
    }

    // MARK: - Transport

    /// One HTTP request to Slack: a Web API method, a response URL or a file upload URL.
    struct Request {
        var url: String
        /// The method's name, `response_url` or `file_upload`: for logs and errors, never the URL.
        var name: String
        var token: Secret?
        var body: Data
        var contentType: String
        /// Web API methods answer JSON with `ok`; response and upload URLs answer a status.
        var answersJSON: Bool

        static func json(url: String, name: String, token: Secret?, body: Data?, answersJSON: Bool = true) -> Request {
            Request(url: url, name: name, token: token, body: body ?? Data("{}".utf8), contentType: "application/json; charset=utf-8",
                    answersJSON: answersJSON)
        }
    }

    /// Calls `method` with `body` (JSON) and returns Slack's answer (`ok: true`).
    @discardableResult
    func call(_ method: SlackMethod, body: Data?, until deadline: Duration? = nil, logger: Logger) async throws -> Data {
        try await send(try request(method, body: body, contentType: "application/json; charset=utf-8"), until: deadline, logger: logger)
    }

    /// Calls `method` with form fields (the read methods, which take no JSON) and returns Slack's answer.
    func call(_ method: SlackMethod, form fields: [(String, String)], until deadline: Duration? = nil, logger: Logger) async throws -> Data {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        let encoded = fields.map { "\($0.0)=\($0.1.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")" }.joined(separator: "&")
        return try await send(try request(method, body: Data(encoded.utf8), contentType: "application/x-www-form-urlencoded"),
                              until: deadline, logger: logger)
    }

    private func request(_ method: SlackMethod, body: Data?, contentType: String) throws -> Request {
        let token = method.usesAppToken ? appToken : botToken
        guard let token else { throw SlackAPIError.refused(method: method.rawValue, error: "not_authed") }
        var request = Request.json(url: "\(apiBase)/\(method.rawValue)", name: method.rawValue, token: token, body: body)
        request.contentType = contentType
        return request
    }

    /// Sends `request` until it is answered or `deadline` (default: the client's) passes. After an
    /// attempt whose fate is unknown (a 5xx, a network failure), `beforeResending` is asked first: an
    /// answer it returns (what Slack would have said) ends the call without sending again.
    @discardableResult
    func send(_ request: Request, until deadline: Duration? = nil, logger: Logger,
                      beforeResending: (() async throws -> Data?)? = nil) async throws -> Data {
        var logger = logger
        logger[metadataKey: "slack.method"] = "\(request.name)"
        let now = retry.now
        var unknownFate = false
        return try await retry.run(until: deadline ?? now() + defaultDeadline, logger: logger, gaveUp: { attempts, lastProblem in
            SlackAPIError.gaveUp(method: request.name, attempts: attempts, lastProblem: lastProblem)
        }) { () async throws -> RequestAttempt<Data> in
            if unknownFate, let beforeResending, let answer = try await beforeResending() { return .done(answer) }
            let wait = await gate.wait(request.name, now: now())
            if wait > .zero {
                logger.debug("Waiting for Slack's rate limit", metadata: ["wait_ms": "\(wait.wholeMilliseconds)"])
                try await retry.sleep(wait)
            }
            var http = HTTPClientRequest(url: request.url)
            http.method = .POST
            if let token = request.token { http.headers.add(name: "Authorization", value: "Bearer \(token.value)") }
            http.headers.add(name: "Content-Type", value: request.contentType)
            http.body = .bytes(ByteBuffer(bytes: request.body))
            unknownFate = true
            let response = try await httpClient.execute(http, timeout: .nanoseconds(requestTimeout.wholeNanoseconds), logger: logger)
            var buffer = try await response.body.collect(upTo: 8 * 1024 * 1024)
            let data = Data(buffer.readBytes(length: buffer.readableBytes) ?? [])
            let status = Int(response.status.code)
            switch status {
            case 429:
                unknownFate = false
                let retryAfter = Duration.seconds(Int(response.headers.first(name: "Retry-After") ?? "") ?? 1)
                await gate.close(request.name, for: retryAfter, now: now())
                logger.notice("Slack rate limited the call; it waits and is sent again", metadata: ["retry_after_ms": "\(retryAfter.wholeMilliseconds)"])
                return .rateLimited(retryAfter: retryAfter, problem: "429 Retry-After \(retryAfter)")
            case 500..<600:
                return .failed(problem: "HTTP \(status)")
            default:
                try await check(data, status: status, method: request.name, answersJSON: request.answersJSON)
                return .done(data)
            }
        }
    }

    /// Throws Slack's refusal (`ok: false`, or a response URL's HTTP error).
    private func check(_ data: Data, status: Int, method: String, answersJSON: Bool) async throws {
        struct Envelope: Decodable {
            var ok: Bool?
            var error: String?
        }
        let envelope = try? JSONDecoder().decode(Envelope.self, from: data)
        if status == 200, envelope?.ok != false, envelope != nil || !answersJSON { return }
        let code = envelope?.error ?? (status == 200 ? "unreadable_answer" : "http_\(status)")
        if SlackAPIError.authenticationCodes.contains(code) { await onAuthenticationFailure(code) }
        throw SlackAPIError.refused(method: method, error: code)
    }

    func decode<T: Decodable>(_ type: T.Type, from data: Data, method: SlackMethod) throws -> T {
        do {
            return try JSONDecoder().decode(type, from: data)
        } catch {
            throw SlackAPIError.invalidResponse(method: method.rawValue, detail: "\(error)")
        }
    }

    // MARK: - Bodies and answers

    /// `auth.test`'s answer.
    public struct AuthTest: Sendable, Decodable {
        public var team: String?
        public var teamID: String?
        public var userID: String?
        public var botID: String?

        enum CodingKeys: String, CodingKey {
            case team
            case teamID = "team_id"
            case userID = "user_id"
            case botID = "bot_id"
        }
    }

    private struct Posted: Codable { var ts: String }

    /// Message metadata (`event_type`, `event_payload`): the marker of a post.
    struct Metadata: Codable, Equatable {
        struct Payload: Codable, Equatable { var post: String? }
        var eventType: String
        var eventPayload: Payload?

        enum CodingKeys: String, CodingKey { case eventType = "event_type", eventPayload = "event_payload" }

        static let postEventType = "nexboard_post"
        static func post(_ marker: String) -> Metadata { Metadata(eventType: postEventType, eventPayload: Payload(post: marker)) }
        /// The post marker, when this is NexBoard's.
        var marker: String? { eventType == Self.postEventType ? eventPayload?.post : nil }
    }

    /// A page of `conversations.history`, newest first.
    private struct HistoryPage: Decodable {
        struct Entry: Decodable {
            var ts: String
            var metadata: Metadata?
        }
        struct ResponseMetadata: Decodable {
            var nextCursor: String?
            enum CodingKeys: String, CodingKey { case nextCursor = "next_cursor" }
        }
        var messages: [Entry]
        var hasMore: Bool?
        var responseMetadata: ResponseMetadata?

        enum CodingKeys: String, CodingKey { case messages, hasMore = "has_more", responseMetadata = "response_metadata" }
    }

    private struct ChannelMessage: Encodable {
        var channel: String
        var message: SlackMessage
        var ts: String?
        var user: String?
        var metadata: Metadata?

        enum CodingKeys: String, CodingKey { case channel, ts, user, text, blocks, metadata, unfurlLinks = "unfurl_links" }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(channel, forKey: .channel)
            try container.encodeIfPresent(ts, forKey: .ts)
            try container.encodeIfPresent(user, forKey: .user)
            try container.encode(message.text, forKey: .text)
            try container.encode(message.blocks, forKey: .blocks)
            try container.encodeIfPresent(metadata, forKey: .metadata)
            if ts == nil { try container.encode(false, forKey: .unfurlLinks) }
        }
    }

    /// A response URL's (or a slash command ack's) message: visibility and whether it replaces the original.
    struct ResponseMessage: Encodable {
        var message: SlackMessage
        var replaceOriginal: Bool?

        enum CodingKeys: String, CodingKey { case responseType = "response_type", replaceOriginal = "replace_original", text, blocks }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(message.ephemeral ? "ephemeral" : "in_channel", forKey: .responseType)
            try container.encodeIfPresent(replaceOriginal, forKey: .replaceOriginal)
            try container.encode(message.text, forKey: .text)
            try container.encode(message.blocks, forKey: .blocks)
        }
    }
}

/// Per-method waits after Slack's 429s (Slack limits per method and workspace).
actor SlackRateGate {
    private var closedUntil: [String: Duration] = [:]

    /// How long a call of `method` must wait now.
    func wait(_ method: String, now: Duration) -> Duration {
        guard let until = closedUntil[method] else { return .zero }
        if until <= now {
            closedUntil[method] = nil
            return .zero
        }
        return until - now
    }

    func close(_ method: String, for wait: Duration, now: Duration) {
        closedUntil[method] = max(closedUntil[method] ?? .zero, now + wait)
    }
}
