import AsyncHTTPClient
import Foundation
import NexBoardCore
import NIOCore

/// Posts notifications to HTTP webhooks (generic JSON, Discord, Slack, ntfy, Gotify). Destinations
/// are the configured webhook names; a webhook cannot edit, so a resolution is posted as a new message.
///
/// An answer of 401, 403, 404 or 410 is a permanent refusal (`DeliveryError.permanent`): the row
/// becomes a dead letter. Other failures are retried by the outbox.
public struct WebhookSink: NotificationSink {
    /// About 30 a minute by default: what chat and push services' incoming webhooks allow.
    public let pace: DeliveryPace
    /// One configured webhook.
    public struct Endpoint: Sendable, Hashable {
        /// The URL posted to, without user information.
        public var url: String
        public var format: WebhookFormat
        /// `Basic <base64>` from the URL's `user:password@`, sent as the `Authorization` header.
        public var authorization: Secret?

        /// A user and password written in `url` (`https://user:pass@ntfy.example/topic`, percent-encoded)
        /// are removed from it and sent as HTTP Basic authentication, never as part of the URL.
        public init(url: String, format: WebhookFormat) {
            self.format = format
            guard var components = URLComponents(string: url), let user = components.user else {
                self.url = url
                return
            }
            let credentials = "\(user):\(components.password ?? "")"
            self.authorization = Secret("Basic " + Data(credentials.utf8).base64EncodedString())
            components.user = nil
            components.password = nil
            self.url = components.string ?? url
        }
    }

    /// Why a post failed; the outbox retries it.
    public enum Failure: Error, CustomStringConvertible {
        case status(Int)

        public var description: String {
            switch self {
            case .status(let code): "the webhook answered HTTP \(code)"
            }
        }
    }

    private let endpoints: [String: Endpoint]
    private let client: HTTPClient
    private let timeout: TimeAmount

    /// - Parameters:
    ///   - client: the shared HTTP client by default; the sink does not own it.
    ///   - pace: how fast one webhook may receive posts (a receiver of your own may take more).
    public init(endpoints: [String: Endpoint], client: HTTPClient = .shared, timeout: TimeAmount = .seconds(10),
                pace: DeliveryPace = DeliveryPace(burst: 30, per: 60)) {
        self.endpoints = endpoints
        self.pace = pace
        self.client = client
        self.timeout = timeout
    }

    public func send(_ message: Message, to destination: String, key: String) async throws -> String {
        try await post(message, to: destination, key: key)
        return key
    }

    public func edit(_ handle: String, _ message: Message, at destination: String) async throws {
        try await post(message, to: destination, key: handle + ":edit")
    }

    private func post(_ message: Message, to destination: String, key: String) async throws {
        guard let endpoint = endpoints[destination] else {
            throw DeliveryError.permanent(reason: "no webhook named \(destination) is configured")
        }
        let (body, headers) = endpoint.format.request(for: message)
        var request = HTTPClientRequest(url: endpoint.url)
        request.method = .POST
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        request.headers.add(name: "Idempotency-Key", value: key)
        if let authorization = endpoint.authorization { request.headers.add(name: "Authorization", value: authorization.value) }
        request.body = .bytes(ByteBuffer(bytes: body))
        let response = try await client.execute(request, timeout: timeout)
        _ = try await response.body.collect(upTo: 64 * 1024)
        let code = Int(response.status.code)
        guard (200..<300).contains(code) else {
            let failure = Failure.status(code)
            throw DeliveryError.isPermanent(httpStatus: code) ? DeliveryError.permanent(reason: failure.description) : failure
        }
    }
}
