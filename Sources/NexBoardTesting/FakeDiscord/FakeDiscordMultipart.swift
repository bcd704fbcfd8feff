/*
 The fake Discord's reading of `multipart/form-data` bodies (RFC 7578), written independently of the
 bot's DiscordRequestBody: the boundary comes from the Content-Type, each part has a
 Content-Disposition with its `name` (and `filename` for files) and an optional Content-Type.
 */
import Foundation

/// Parses multipart/form-data request bodies for the fake Discord.
enum FakeDiscordMultipart {
    struct Part {
        var name: String
        var filename: String?
        var contentType: String?
        var data: Data
    }

    struct Malformed: Error, CustomStringConvertible {
        var description: String
    }

    /// The `boundary` parameter of a `multipart/form-data` Content-Type, or nil for any other type.
    static func boundary(contentType: String) -> String? {
        let pieces = parameters(contentType)
        guard pieces.value.lowercased() == "multipart/form-data" else { return nil }
        return pieces.parameters["boundary"].flatMap { $0.isEmpty ? nil : $0 }
    }

    static func parse(_ body: Data, boundary: String) throws -> [Part] {
        let bytes = Data(body)
        let delimiter = Data("--\(boundary)".utf8)
        let crlf = Data("\r\n".utf8)
        guard var cursor = bytes.range(of: delimiter)?.upperBound else { throw Malformed(description: "no boundary delimiter in the body") }
        var parts: [Part] = []
        while true {
            if bytes[cursor...].starts(with: Data("--".utf8)) { return parts }
            guard bytes[cursor...].starts(with: crlf) else { throw Malformed(description: "boundary not followed by CRLF") }
            cursor += 2
            guard let headerEnd = bytes.range(of: Data("\r\n\r\n".utf8), in: cursor..<bytes.endIndex) else {
                throw Malformed(description: "part headers not terminated")
            }
            let headerText = String(decoding: bytes[cursor..<headerEnd.lowerBound], as: UTF8.self)
            guard let next = bytes.range(of: crlf + delimiter, in: headerEnd.upperBound..<bytes.endIndex) else {
                throw Malformed(description: "part not terminated by the boundary")
            }
            var name: String?
            var filename: String?
            var contentType: String?
            for line in headerText.components(separatedBy: "\r\n") {
                guard let colon = line.firstIndex(of: ":") else { throw Malformed(description: "bad part header `\(line)`") }
                let field = line[..<colon].trimmingCharacters(in: .whitespaces).lowercased()
                let value = String(line[line.index(after: colon)...]).trimmingCharacters(in: .whitespaces)
                if field == "content-disposition" {
                    let disposition = parameters(value)
                    guard disposition.value.lowercased() == "form-data" else { throw Malformed(description: "disposition `\(disposition.value)`") }
                    name = disposition.parameters["name"]
                    filename = disposition.parameters["filename"]
                } else if field == "content-type" {
                    contentType = value
                }
            }
            guard let name else { throw Malformed(description: "part without a name") }
            parts.append(Part(name: name, filename: filename, contentType: contentType,
                              data: Data(bytes[headerEnd.upperBound..<next.lowerBound])))
            cursor = next.upperBound
        }
    }

    /// `value; key=token; key="quoted \" string"` → the value and the parameters (keys lower-cased).
    static func parameters(_ header: String) -> (value: String, parameters: [String: String]) {
        var chars = Substring(header)
        func skipSpaces() { while chars.first == " " || chars.first == "\t" { chars.removeFirst() } }
        let value = chars.prefix { $0 != ";" }
        chars.removeFirst(value.count)
        var parameters: [String: String] = [:]
        while chars.first == ";" {
            chars.removeFirst()
            skipSpaces()
            let key = chars.prefix { $0 != "=" && $0 != ";" }
            chars.removeFirst(key.count)
            guard chars.first == "=" else { continue }
            chars.removeFirst()
            var parsed = ""
            if chars.first == "\"" {
                chars.removeFirst()
                while let char = chars.first, char != "\"" {
                    chars.removeFirst()
                    if char == "\\", let escaped = chars.first {
                        chars.removeFirst()
                        parsed.append(escaped)
                    } else {
                        parsed.append(char)
                    }
                }
                if chars.first == "\"" { chars.removeFirst() }
                chars = chars.drop { $0 != ";" }
            } else {
                let token = chars.prefix { $0 != ";" }
                chars.removeFirst(token.count)
                parsed = token.trimmingCharacters(in: .whitespaces)
            }
            parameters[key.trimmingCharacters(in: .whitespaces).lowercased()] = parsed
        }
        return (value.trimmingCharacters(in: .whitespaces), parameters)
    }

    /// Discord's rule for uploads: every `attachments[].id` has its `files[id]` part and every
    /// `files[n]` part has its `attachments` entry with `id` n.
    static func attachmentViolations(message: [String: Any]?, files: [FakeDiscordFile]) -> [String] {
        var problems: [String] = []
        let attachments = message?["attachments"] as? [[String: Any]] ?? []
        var ids: Set<Int> = []
        for attachment in attachments {
            let id = attachment["id"] as? Int ?? (attachment["id"] as? String).flatMap { Int($0) }
            guard let id else { problems.append("attachment without an id"); continue }
            ids.insert(id)
            if !files.contains(where: { $0.index == id }) { problems.append("attachments id \(id) has no files[\(id)] part") }
        }
        for file in files where !ids.contains(file.index) {
            problems.append("files[\(file.index)] has no attachments entry")
        }
        // An embed's picture that points at an attachment must name a file of the same request.
        for embed in message?["embeds"] as? [[String: Any]] ?? [] {
            guard let url = (embed["image"] as? [String: Any])?["url"] as? String, url.hasPrefix("attachment://") else { continue }
            let name = String(url.dropFirst("attachment://".count))
            if !files.contains(where: { $0.filename == name }) { problems.append("embed image \(url) names no uploaded file") }
        }
        return problems
    }
}
