/*
 A request body as sent, kept as bytes so that a retry (429, 5xx, network) sends exactly the same.

 With files, the body is `multipart/form-data` as Discord documents it (reference.mdx, "Uploading
 Files"): a `payload_json` part (application/json) with the JSON body, then one part per file named
 `files[n]` with its filename and content type. The boundary is random and checked against every
 part's bytes, so it cannot occur in the content.
 */
import Foundation

/// The bytes and content type of a Discord REST request body.
public struct DiscordRequestBody: Sendable, Equatable {
    /// `application/json`, or `multipart/form-data; boundary=…`.
    public var contentType: String
    public var bytes: Data

    public init(contentType: String, bytes: Data) {
        self.contentType = contentType
        self.bytes = bytes
    }

    /// A JSON body.
    public static func json(_ data: Data) -> DiscordRequestBody {
        DiscordRequestBody(contentType: "application/json", bytes: data)
    }

    /// A boundary could not be found that is absent from the content (only with a broken generator).
    public struct NoBoundary: Error, Sendable {}

    /// A `multipart/form-data` body: `payload_json`, then `files[0]`, `files[1]`… in order.
    /// - Parameter boundary: makes a candidate boundary; one that occurs in the content is replaced.
    public static func multipart(json: Data, files: [DiscordFile],
                                 boundary makeBoundary: () -> String = DiscordRequestBody.randomBoundary) throws -> DiscordRequestBody {
        var boundary = ""
        var found = false
        for _ in 0..<16 {
            boundary = makeBoundary()
            let delimiter = Data("--\(boundary)".utf8)
            if !boundary.isEmpty, json.range(of: delimiter) == nil, !files.contains(where: { $0.data.range(of: delimiter) != nil }) {
                found = true
                break
            }
        }
        guard found else { throw NoBoundary() }
        var body = Data()
        body.reserveCapacity(json.count + files.reduce(0) { $0 + $1.data.count } + 256 * (files.count + 1))
        func part(name: String, filename: String?, contentType: String, content: Data) {
            var disposition = "form-data; name=\"\(name)\""
            if let filename { disposition += "; filename=\"\(Self.quoted(filename))\"" }
            body.append(Data("--\(boundary)\r\nContent-Disposition: \(disposition)\r\nContent-Type: \(contentType)\r\n\r\n".utf8))
            body.append(content)
            body.append(Data("\r\n".utf8))
        }
        part(name: "payload_json", filename: nil, contentType: "application/json", content: json)
        for (index, file) in files.enumerated() {
            part(name: "files[\(index)]", filename: file.filename, contentType: file.contentType, content: file.data)
        }
        body.append(Data("--\(boundary)--\r\n".utf8))
        return DiscordRequestBody(contentType: "multipart/form-data; boundary=\(boundary)", bytes: body)
    }

    /// `nexboard-` and 32 random hexadecimal digits.
    public static func randomBoundary() -> String {
        var generator = SystemRandomNumberGenerator()
        let digits = (0..<2).map { _ in String(generator.next() as UInt64, radix: 16) }
        return "nexboard-" + digits.map { String(repeating: "0", count: 16 - $0.count) + $0 }.joined()
    }

    /// A filename inside a quoted header parameter: `"`, CR and LF percent-encoded (as browsers do).
    private static func quoted(_ filename: String) -> String {
        filename.replacingOccurrences(of: "\"", with: "%22").replacingOccurrences(of: "\r", with: "%0D")
            .replacingOccurrences(of: "\n", with: "%0A")
    }
}
