/*
 The Matrix client-server API (v3) over AsyncHTTPClient: a small transport (one request, its
 deadline, Matrix errors decoded) and typed calls on top. Sending is idempotent by design: each
 message carries a transaction id the caller derives from what it sends (an outbox key, a request
 id), so `sendRetrying` can send the same PUT again after a 429, a 5xx or a dropped connection and
 the homeserver shows the message once.
 */
import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOHTTP1
import NexBoardCore

/// Talks to one homeserver as one user.
public struct MatrixClient: Sendable {
    /// `https://matrix.example.org` (no trailing slash).
    public let homeserver: String
    private let httpClient: HTTPClient
    private let accessToken: Secret?
    /// The deadline of one request (a sync adds its long-poll timeout to it).
    private let requestTimeout: Duration
    private let sleep: @Sendable (Duration) async throws -> Void

    public init<C: Clock>(httpClient: HTTPClient, homeserver: String, accessToken: Secret? = nil, requestTimeout: Duration = .seconds(30),
                          clock: C = ContinuousClock()) where C.Duration == Duration {
        var base = homeserver
        while base.hasSuffix("/") { base.removeLast() }
        self.homeserver = base
        self.httpClient = httpClient
        self.accessToken = accessToken
        self.requestTimeout = requestTimeout
        self.sleep = { try await clock.sleep(for: $0) }
    }

    private init(copying other: MatrixClient, accessToken: Secret) {
        self.homeserver = other.homeserver
        self.httpClient = other.httpClient
        self.accessToken = accessToken
        self.requestTimeout = other.requestTimeout
        self.sleep = other.sleep
    }

    /// The same client acting with `token`.
    public func authenticated(_ token: Secret) -> MatrixClient {
        MatrixClient(copying: self, accessToken: token)
    }

    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    // MARK: - Calls

    /// Who the token belongs to.
    public func whoami(logger: Logger) async throws -> MatrixWhoAmI {
        try await decode(MatrixWhoAmI.self, from: request(.whoami, logger: logger), endpoint: .whoami)
    }

    /// Logs in with a password; `deviceID` keeps the same device across logins.
    public func login(user: String, password: Secret, deviceID: String?, logger: Logger) async throws -> MatrixLogin {
        let body = MatrixLoginRequest(identifier: .init(user: user), password: password.value, deviceID: deviceID,
                                      initialDeviceDisplayName: "NexBoard")
        return try await decode(MatrixLogin.self, from: request(.login, body: body, logger: logger), endpoint: .login)
    }

    /// One `/sync`: everything since `since` (nil: the start), waiting up to `timeout` for something new.
    public func sync(since: String?, timeout: Duration, filter: String, logger: Logger) async throws -> MatrixSyncResponse {
        var query = [("filter", filter), ("timeout", "\(timeout.wholeMilliseconds)")]
        if let since { query.append(("since", since)) }
        let data = try await request(.sync, query: query, timeout: requestTimeout + timeout, logger: logger)
        return try MatrixSyncResponse(data: data)
    }

    /// Sends an event once: the same `transaction` sent again is the same event. Returns its event id.
    public func send(_ content: some Encodable & Sendable, type: String, to room: String, transaction: String,
                     logger: Logger) async throws -> String {
        let endpoint = MatrixEndpoint.send(room: room, type: type, transaction: transaction)
        return try await decode(MatrixEventID.self, from: request(endpoint, body: content, logger: logger), endpoint: endpoint).eventID
    }

    /// `send`, again with the same transaction id after a 429 (after `retry_after_ms`), a 5xx or a
    /// dropped connection (after a backoff), until `attempts` tries were made.
    public func sendRetrying(_ content: some Encodable & Sendable, type: String, to room: String, transaction: String,
                             attempts: Int = 8, logger: Logger) async throws -> String {
        var backoff: Duration = .milliseconds(500)
        var tries = 0
        while true {
            tries += 1
            do {
                return try await send(content, type: type, to: room, transaction: transaction, logger: logger)
            } catch let error as MatrixError where error.isTransient && tries < attempts {
                let wait: Duration
                if case let .rateLimited(_, retryAfter) = error { wait = retryAfter } else { wait = backoff }
                backoff = min(backoff * 2, .seconds(30))
                logger.notice("Matrix send failed; sending again", metadata: ["error": "\(error)", "wait_ms": "\(wait.wholeMilliseconds)"])
                try await sleep(wait)
            }
        }
    }

    /// Uploads a file to the homeserver's media repository; returns its `mxc://` URL. (An upload has no
    /// transaction id: one sent twice is two copies, of which the room only ever shows one.)
    public func upload(_ bytes: [UInt8], contentType: String, filename: String, logger: Logger) async throws -> String {
        let data = try await request(.upload, query: [("filename", filename)], payload: (contentType, Data(bytes)), logger: logger)
        return try decode(MatrixContentURI.self, from: data, endpoint: .upload).contentURI
    }

    /// Redacts an event (the bot's own reaction: it disappears). The same `transaction` is the same redaction.
    public func redact(_ event: String, in room: String, reason: String?, transaction: String, logger: Logger) async throws {
        try await request(.redact(room: room, event: event, transaction: transaction), body: MatrixReason(reason: reason), logger: logger)
    }

    /// Joins a room the user was invited to.
    public func join(_ room: String, logger: Logger) async throws {
        try await request(.join(room: room), body: MatrixEmpty(), logger: logger)
    }

    /// Leaves a room, or rejects an invitation, telling why.
    public func leave(_ room: String, reason: String?, logger: Logger) async throws {
        try await request(.leave(room: room), body: MatrixReason(reason: reason), logger: logger)
    }

    /// Creates a room (a direct room for one person; tests drive people with it). Returns its id.
    public func createRoom(_ body: MatrixCreateRoom, logger: Logger) async throws -> String {
        try await decode(MatrixRoomID.self, from: request(.createRoom, body: body, logger: logger), endpoint: .createRoom).roomID
    }

    /// `user`'s membership of `room` (`join`, `invite`, `leave`, `ban`), read from the room's state;
    /// nil when they never were a member.
    public func membership(of user: String, in room: String, logger: Logger) async throws -> String? {
        let endpoint = MatrixEndpoint.memberState(room: room, user: user)
        do {
            return try decode(MatrixMembership.self, from: await request(endpoint, logger: logger), endpoint: endpoint).membership
        } catch let MatrixError.refused(_, status, _, _) where status == 404 {
            return nil
        }
    }

    // MARK: - Transport

    @discardableResult
    private func request(_ endpoint: MatrixEndpoint, body: some Encodable & Sendable, logger: Logger) async throws -> Data {
        let json = try Self.encoder.encode(body)
        return try await request(endpoint, payload: ("application/json", json), logger: logger)
    }

    @discardableResult
    private func request(_ endpoint: MatrixEndpoint, query: [(String, String)] = [], payload body: (contentType: String, data: Data)? = nil,
                         timeout: Duration? = nil, logger: Logger) async throws -> Data {
        var components = URLComponents(string: homeserver + endpoint.base)
        components?.percentEncodedPath += endpoint.path
        if !query.isEmpty { components?.queryItems = query.map { URLQueryItem(name: $0.0, value: $0.1) } }
        guard let url = components?.string else {
            throw MatrixError.invalidResponse(endpoint: endpoint.description, detail: "the homeserver URL is not valid")
        }
        var request = HTTPClientRequest(url: url)
        request.method = HTTPMethod(rawValue: endpoint.method)
        if let accessToken { request.headers.add(name: "Authorization", value: "Bearer \(accessToken.value)") }
        if let body {
            request.headers.add(name: "Content-Type", value: body.contentType)
            request.body = .bytes(ByteBuffer(bytes: body.data))
        }
        let response: HTTPClientResponse
        let bytes: ByteBuffer
        do {
            let deadline = timeout ?? requestTimeout
            response = try await httpClient.execute(request, timeout: .milliseconds(deadline.wholeMilliseconds), logger: logger)
            bytes = try await response.body.collect(upTo: 64 << 20)
        } catch {
            if Task.isCancelled { throw CancellationError() }
            throw MatrixError.unreachable(endpoint: endpoint.description, detail: "\(error)")
        }
        let data = Data(bytes.readableBytesView)
        guard (200..<300).contains(Int(response.status.code)) else {
            throw Self.error(status: Int(response.status.code), data: data, endpoint: endpoint)
        }
        return data
    }

    static func error(status: Int, data: Data, endpoint: MatrixEndpoint) -> MatrixError {
        let body = try? JSONDecoder().decode(MatrixErrorBody.self, from: data)
        if status == 429 || body?.errcode == "M_LIMIT_EXCEEDED" {
            let milliseconds = body?.retryAfterMilliseconds ?? 1_000
            return .rateLimited(endpoint: endpoint.description, retryAfter: .milliseconds(max(0, min(milliseconds, 600_000))))
        }
        return .refused(endpoint: endpoint.description, status: status, code: body?.errcode ?? "M_UNKNOWN",
                        message: String((body?.error ?? "").prefix(300)))
    }

    private func decode<T: Decodable>(_ type: T.Type, from data: Data, endpoint: MatrixEndpoint) throws -> T {
        do {
            return try JSONDecoder().decode(T.self, from: data)
        } catch {
            throw MatrixError.invalidResponse(endpoint: endpoint.description, detail: "\(error)")
        }
    }
}
