/*
 Sharing a file in a channel, Slack's three steps: `files.getUploadURLExternal` (name and length,
 form-encoded like every read-style method) answers an upload URL and a file id; the bytes are posted
 raw to that URL (no token: the URL is the permission; HTTP 200 when taken); `files.completeUploadExternal`
 shares the file in the channel (or a thread) with its title. Each step is retried like any call.
 */
import Foundation
import Logging

extension SlackWebAPI {
    /// A file to share: its name, bytes, title and, for a picture, its alt text (at most 1,000 characters).
    public struct Upload: Sendable, Equatable {
        public var filename: String
        public var data: Data
        public var title: String?
        public var altText: String?

        public init(filename: String, data: Data, title: String? = nil, altText: String? = nil) {
            self.filename = filename
            self.data = data
            self.title = title
            self.altText = altText
        }
    }

    /// Slack's limit on an image's alt text.
    static let altTextLimit = 1000

    /// Uploads `upload` and shares it in `channel` (under `threadTS` when given, introduced by
    /// `comment`); returns the file's id.
    @discardableResult
    public func share(_ upload: Upload, in channel: String, threadTS: String? = nil, comment: String? = nil,
                      logger: Logger) async throws -> String {
        var fields = [("filename", upload.filename), ("length", String(upload.data.count))]
        if let alt = upload.altText, !alt.isEmpty {
            fields.append(("alt_txt", alt.count > Self.altTextLimit ? String(alt.prefix(Self.altTextLimit - 1)) + "…" : alt))
        }
        let target = try decode(UploadTarget.self, from: try await call(.getUploadURL, form: fields, logger: logger), method: .getUploadURL)
        var bytes = Request.json(url: target.uploadURL, name: "file_upload", token: nil, body: upload.data, answersJSON: false)
        bytes.contentType = "application/octet-stream"
        try await send(bytes, logger: logger)
        let complete = Completion(files: [.init(id: target.fileID, title: upload.title ?? upload.filename)], channelID: channel,
                                  threadTS: threadTS, initialComment: comment)
        try await call(.completeUpload, body: try Self.encoder.encode(complete), logger: logger)
        return target.fileID
    }

    private struct UploadTarget: Decodable {
        var uploadURL: String
        var fileID: String
        enum CodingKeys: String, CodingKey { case uploadURL = "upload_url", fileID = "file_id" }
    }

    private struct Completion: Encodable {
        struct File: Encodable {
            var id: String
            var title: String
        }
        var files: [File]
        var channelID: String
        var threadTS: String?
        var initialComment: String?
        enum CodingKeys: String, CodingKey { case files, channelID = "channel_id", threadTS = "thread_ts", initialComment = "initial_comment" }
    }
}
