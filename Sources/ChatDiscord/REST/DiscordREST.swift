/*
 The Discord REST client: a small transport over AsyncHTTPClient, typed endpoints, conveniences.

 Every request waits for its rate-limit bucket and the global limit first (DiscordRateLimiter),
 then sends. A 429 closes the bucket (or everything, when global) for `retry_after` and the same
 request is sent again: nothing is dropped because of a limit. 5xx answers and network failures are
 retried with exponential backoff (ChatKit's RequestRetry) until the request's deadline: 15 minutes from the interaction for
 interaction-token endpoints (the token's life), `defaultDeadline` for the others. Other 4xx answers
 are final. Payloads are checked against Discord's limits before they are sent. A body is built
 once, as bytes (JSON, or multipart/form-data when a message has files: DiscordRequestBody), and
 every attempt sends those same bytes.
 */
import AsyncHTTPClient
import ChatKit
import Foundation
import Logging
import NIOCore
import NIOHTTP1
import NexBoardCore

/// Talks to Discord's HTTP API (v10) with the bot token.
public struct DiscordREST: Sendable {
    /// How long an interaction token lives.
    public static let interactionTokenLife: Duration = .seconds(15 * 60)

    public let applicationID: String
    private let httpClient: HTTPClient
    private let apiBase: String
    private let token: Secret
    private let limiter = DiscordRateLimiter()
    private let retry: RequestRetry
    private let defaultDeadline: Duration
    private let requestTimeout: Duration

    /// - Parameters:
    ///   - apiBaseURL: `https://discord.com/api/v10` (tests: the fake Discord).
    ///   - clock: the clock rate-limit waits and retry backoff sleep on.
    ///   - defaultDeadline: how long a request that is not tied to an interaction token is retried.
    public init<C: Clock>(httpClient: HTTPClient, apiBaseURL: String = "https://discord.com/api/v10", token: Secret,
                          applicationID: String, clock: C = ContinuousClock(), defaultDeadline: Duration = .seconds(120),
                          requestTimeout: Duration = .seconds(15), maxBackoff: Duration = .seconds(30)) where C.Duration == Duration {
        self.httpClient = httpClient
        var base = apiBaseURL
        while base.hasSuffix("/") { base.removeLast() }
        self.apiBase = base
        self.token = token
        self.applicationID = applicationID
        self.retry = RequestRetry(clock: clock, maxBackoff: maxBackoff)
        self.defaultDeadline = defaultDeadline
        self.requestTimeout = requestTimeout
    }

    /// A point in time on the client's clock, for `deadline` parameters: now plus `offset`.
    public func deadline(after offset: Duration) -> Duration { retry.now() + offset }

    /// Sends `body` (JSON) to `endpoint` and returns the answer's body, waiting on rate limits and
    /// retrying 429, 5xx and network failures until `deadline` (on the client's clock; see `deadline(after:)`).
    @discardableResult
    public func send(_ endpoint: DiscordEndpoint, json body: Data?, deadline: Duration? = nil, logger: Logger) async throws -> Data {
        try await send(endpoint, body: body.map(DiscordRequestBody.json), deadline: deadline, logger: logger)
    }

    /// Sends `body` (JSON or multipart) to `endpoint`, like `send(_:json:deadline:logger:)`: every
    /// attempt sends the same bytes with the same content type.
    @discardableResult
    public func send(_ endpoint: DiscordEndpoint, body: DiscordRequestBody?, deadline: Duration? = nil, logger: Logger) async throws -> Data {
        let until = deadline ?? (retry.now() + (endpoint.usesInteractionToken ? Self.interactionTokenLife : defaultDeadline))
        var logger = logger
        logger[metadataKey: "discord.endpoint"] = "\(endpoint.description)"
        if let body { logger[metadataKey: "discord.body_bytes"] = "\(body.bytes.count)" }
        let now = retry.now
        return try await retry.run(until: until, logger: logger, gaveUp: { attempts, lastProblem in
            DiscordRESTError.gaveUp(endpoint: endpoint.description, attempts: attempts, lastProblem: lastProblem)
        }) { () async throws -> RequestAttempt<Data> in
            let wait = await limiter.reserve(route: endpoint.routeKey, now: now())
            if wait > .zero {
                logger.debug("Waiting for Discord rate limit", metadata: ["wait_ms": "\(wait.wholeMilliseconds)"])
                try await retry.sleep(wait)
            }
            let started = now()
            let response = try await execute(endpoint, body: body, logger: logger)
            let headers = RateLimitHeaders { response.headers.first(name: $0) }
            await limiter.update(route: endpoint.routeKey, headers: headers, now: now())
            logger.debug("Discord request done", metadata: [
                "status": "\(response.status)", "duration_ms": "\((now() - started).wholeMilliseconds)",
            ])
            switch response.status {
            case 200..<300:
                return .done(response.body)
            case 429:
                let info = Self.rateLimitBody(response.body)
                let retryAfter = info.retryAfter ?? headers.retryAfter ?? .seconds(1)
                let global = info.global || headers.global
                await limiter.limited(route: endpoint.routeKey, retryAfter: retryAfter, global: global, now: now())
                logger.notice("Discord rate limited the request; it waits and is sent again", metadata: [
                    "retry_after_ms": "\(retryAfter.wholeMilliseconds)", "global": "\(global)",
                ])
                return .rateLimited(retryAfter: retryAfter, problem: "429 retry_after \(retryAfter)")
            case 500..<600:
                return .failed(problem: "HTTP \(response.status)")
            default:
                throw DiscordRESTError.rejected(endpoint: endpoint.description, status: response.status,
                                                body: String(decoding: response.body.prefix(2000), as: UTF8.self))
            }
        }
    }

    private struct RawResponse {
        var status: Int
        var headers: HTTPHeaders
        var body: Data
    }

    private func execute(_ endpoint: DiscordEndpoint, body: DiscordRequestBody?, logger: Logger) async throws -> RawResponse {
        var request = HTTPClientRequest(url: apiBase + endpoint.path)
        request.method = HTTPMethod(rawValue: endpoint.method)
        request.headers.add(name: "User-Agent", value: "DiscordBot (https://github.com/nexboard/nexboard, 1.0)")
        if !endpoint.usesInteractionToken {
            request.headers.add(name: "Authorization", value: "Bot \(token.value)")
        }
        if let body {
            request.headers.add(name: "Content-Type", value: body.contentType)
            request.body = .bytes(ByteBuffer(bytes: body.bytes))
        }
        let response = try await httpClient.execute(request, timeout: .nanoseconds(requestTimeout.wholeNanoseconds), logger: logger)
        var buffer = try await response.body.collect(upTo: 8 * 1024 * 1024)
        let bytes = buffer.readBytes(length: buffer.readableBytes) ?? []
        return RawResponse(status: Int(response.status.code), headers: response.headers, body: Data(bytes))
    }

    private static func rateLimitBody(_ body: Data) -> (retryAfter: Duration?, global: Bool) {
        struct Body: Decodable {
            var retry_after: Double?
            var global: Bool?
        }
        guard let decoded = try? JSONDecoder().decode(Body.self, from: body) else { return (nil, false) }
        let retry = decoded.retry_after.flatMap { RateLimitHeaders.seconds(String($0)) }
        return (retry, decoded.global ?? false)
    }
}

