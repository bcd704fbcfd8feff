/*
 The Slack Web API client: a small transport over AsyncHTTPClient, typed methods, conveniences.

 Every call sends JSON with the bot token (the app-level token for `apps.connections.open`) as a
 bearer token; tokens are never logged. Slack answers HTTP 200 with `ok`: `ok: false` is a typed
 refusal (SlackAPIError), and an authentication refusal is also reported to `onAuthenticationFailure`
 (the platform stops: `chat:slack` down). A 429 closes the method for `Retry-After` seconds and the
 same request is sent again: nothing is dropped because of a limit. 5xx answers and network failures
 are retried with exponential backoff (ChatKit's RequestRetry) until the call's deadline. Response URLs (which need no token)
 go through the same retries.
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

    /// - Parameters:
    ///   - apiBaseURL: `https://slack.com/api` (tests: the fake Slack).
    ///   - clock: what rate-limit waits and retry backoff sleep on.
    ///   - defaultDeadline: how long one call is retried through 429s, 5xx and network failures.
    ///   - onAuthenticationFailure: told Slack's code when a token is refused.
    public init<C: Clock>(httpClient: HTTPClient, apiBaseURL: String = "https://slack.com/api", botToken: Secret, appToken: Secret? = nil,
                          clock: C = ContinuousClock(), defaultDeadline: Duration = .seconds(600), requestTimeout: Duration = .seconds(15),
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

    /// Posts `message` in `channel`; returns its `ts`.
    public func postMessage(_ message: SlackMessage, channel: String, logger: Logger) async throws -> String {
        let body = try Self.encoder.encode(ChannelMessage(channel: channel, message: message))
        return try decode(Posted.self, from: try await call(.postMessage, body: body, logger: logger), method: .postMessage).ts
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
        try await send(url: responseURL, name: "response_url", token: nil, body: body, logger: logger)
    }

    // MARK: - Transport

    /// Calls `method` with `body` (JSON) and returns Slack's answer (`ok: true`).
    @discardableResult
    func call(_ method: SlackMethod, body: Data?, logger: Logger) async throws -> Data {
        let token = method.usesAppToken ? appToken : botToken
        guard let token else { throw SlackAPIError.refused(method: method.rawValue, error: "not_authed") }
        return try await send(url: "\(apiBase)/\(method.rawValue)", name: method.rawValue, token: token, body: body, logger: logger)
    }

    @discardableResult
    private func send(url: String, name: String, token: Secret?, body: Data?, logger: Logger) async throws -> Data {
        var logger = logger
        logger[metadataKey: "slack.method"] = "\(name)"
        let now = retry.now
        return try await retry.run(until: now() + defaultDeadline, logger: logger, gaveUp: { attempts, lastProblem in
            SlackAPIError.gaveUp(method: name, attempts: attempts, lastProblem: lastProblem)
        }) { () async throws -> RequestAttempt<Data> in
            let wait = await gate.wait(name, now: now())
            if wait > .zero {
                logger.debug("Waiting for Slack's rate limit", metadata: ["wait_ms": "\(wait.wholeMilliseconds)"])
                try await retry.sleep(wait)
            }
            var request = HTTPClientRequest(url: url)
            request.method = .POST
            if let token { request.headers.add(name: "Authorization", value: "Bearer \(token.value)") }
            request.headers.add(name: "Content-Type", value: "application/json; charset=utf-8")
            request.body = .bytes(ByteBuffer(bytes: body ?? Data("{}".utf8)))
            let response = try await httpClient.execute(request, timeout: .nanoseconds(requestTimeout.wholeNanoseconds), logger: logger)
            var buffer = try await response.body.collect(upTo: 8 * 1024 * 1024)
            let data = Data(buffer.readBytes(length: buffer.readableBytes) ?? [])
            let status = Int(response.status.code)
            switch status {
            case 429:
                let retryAfter = Duration.seconds(Int(response.headers.first(name: "Retry-After") ?? "") ?? 1)
                await gate.close(name, for: retryAfter, now: now())
                logger.notice("Slack rate limited the call; it waits and is sent again", metadata: ["retry_after_ms": "\(retryAfter.wholeMilliseconds)"])
                return .rateLimited(retryAfter: retryAfter, problem: "429 Retry-After \(retryAfter)")
            case 500..<600:
                return .failed(problem: "HTTP \(status)")
            default:
                try await check(data, status: status, method: name)
                return .done(data)
            }
        }
    }

    /// Throws Slack's refusal (`ok: false`, or a response URL's HTTP error).
    private func check(_ data: Data, status: Int, method: String) async throws {
        struct Envelope: Decodable {
            var ok: Bool?
            var error: String?
        }
        let envelope = try? JSONDecoder().decode(Envelope.self, from: data)
        if status == 200, envelope?.ok != false, envelope != nil || method == "response_url" { return }
        let code = envelope?.error ?? (status == 200 ? "unreadable_answer" : "http_\(status)")
        if SlackAPIError.authenticationCodes.contains(code) { await onAuthenticationFailure(code) }
        throw SlackAPIError.refused(method: method, error: code)
    }

    private func decode<T: Decodable>(_ type: T.Type, from data: Data, method: SlackMethod) throws -> T {
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

    private struct Posted: Decodable { var ts: String }

    private struct ChannelMessage: Encodable {
        var channel: String
        var message: SlackMessage
        var ts: String?
        var user: String?

        enum CodingKeys: String, CodingKey { case channel, ts, user, text, blocks, unfurlLinks = "unfurl_links" }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(channel, forKey: .channel)
            try container.encodeIfPresent(ts, forKey: .ts)
            try container.encodeIfPresent(user, forKey: .user)
            try container.encode(message.text, forKey: .text)
            try container.encode(message.blocks, forKey: .blocks)
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
