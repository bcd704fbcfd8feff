import Foundation

/// The bytes of one uploaded file. They travel beside the JSON payload (as a `files[n]` part of a
/// `multipart/form-data` body), never inside it.
public struct DiscordFile: Sendable, Equatable {
    public var filename: String
    /// `text/plain; charset=utf-8` for NexBoard's text output.
    public var contentType: String
    public var data: Data

    public static let plainTextUTF8 = "text/plain; charset=utf-8"

    public init(filename: String, contentType: String = DiscordFile.plainTextUTF8, data: Data) {
        self.filename = filename
        self.contentType = contentType
        self.data = data
    }
}
