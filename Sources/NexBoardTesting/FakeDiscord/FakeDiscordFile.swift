import Foundation

/// A file the bot uploaded to the fake Discord (a `files[n]` part of a multipart/form-data body).
public struct FakeDiscordFile: Sendable {
    /// The `n` of `files[n]`.
    public var index: Int
    public var filename: String
    public var contentType: String?
    public var data: Data

    /// The content as UTF-8 text.
    public var text: String { String(decoding: data, as: UTF8.self) }
}
