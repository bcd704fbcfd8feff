import Foundation

/// A REST request the bot made to the fake Discord.
public struct FakeDiscordRequest: Sendable {
    public var method: String
    /// The path under `/api/v10`, e.g. `/channels/42/messages`.
    public var path: String
    public var authorization: String?
    public var body: Data
    /// The HTTP status the fake answered.
    public var status: Int
    /// The limit violations found in the body (the fake answered 400 when there were any).
    public var violations: [String]
    /// When the fake read the request.
    public var receivedAt: ContinuousClock.Instant = .now
    /// The request's Content-Type.
    public var contentType: String?
    /// The `files[n]` parts of a multipart/form-data body, in order. For such a body, `body` is its
    /// `payload_json` part.
    public var files: [FakeDiscordFile] = []

    /// Whether the body was multipart/form-data.
    public var isMultipart: Bool { contentType?.lowercased().hasPrefix("multipart/form-data") ?? false }

    /// The body as a JSON object (or nil).
    public var json: [String: Any]? {
        (try? JSONSerialization.jsonObject(with: body)) as? [String: Any]
    }

    /// The body as any JSON value.
    public var jsonValue: Any? { try? JSONSerialization.jsonObject(with: body) }
}
