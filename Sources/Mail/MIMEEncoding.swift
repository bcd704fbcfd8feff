import Foundation

/// The encodings of RFC 2045 and RFC 2047 that `MIMEWriter` needs, as pure functions.
enum MIMEEncoding {
    /// Quoted-printable (RFC 2045 §6.7) of `text` as UTF-8, with CRLF line breaks (any of CRLF, CR,
    /// LF in the input count as one) and soft breaks so no line exceeds 76 characters. A line
    /// starting with "From " gets its F encoded, so mbox stores cannot mangle it.
    static func quotedPrintable(_ text: String) -> String {
        let normalized = text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
        var output: [String] = []
        for line in normalized.split(separator: "\n", omittingEmptySubsequences: false) {
            output.append(contentsOf: quotedPrintableLine(Array(line.utf8)))
        }
        return output.joined(separator: "\r\n")
    }

    /// One input line as one or more output lines (all but the last end with a soft break "=").
    private static func quotedPrintableLine(_ bytes: [UInt8]) -> [String] {
        var tokens: [String] = []
        for (index, byte) in bytes.enumerated() {
            let isLast = index == bytes.count - 1
            let literal: Bool
            switch byte {
            case UInt8(ascii: "="): literal = false
            case UInt8(ascii: " "), UInt8(ascii: "\t"): literal = !isLast
            case UInt8(ascii: "F") where index == 0 && bytes.starts(with: Array("From ".utf8)): literal = false
            case 33...126: literal = true
            default: literal = false
            }
            tokens.append(literal ? String(UnicodeScalar(byte)) : String(format: "=%02X", byte))
        }
        var lines: [String] = []
        var current = ""
        for token in tokens {
            // 75 characters plus the soft break's "=" make 76.
            if current.count + token.count > 75 {
                lines.append(current + "=")
                current = ""
            }
            current += token
        }
        lines.append(current)
        return lines
    }

    /// Whether `text` can stand in a header as it is: printable ASCII and spaces, with no "=?"
    /// that a reader could take for an encoded word.
    static func isPlainHeaderText(_ text: String) -> Bool {
        text.unicodeScalars.allSatisfy { $0 == " " || (0x21...0x7E).contains($0.value) } && !text.contains("=?")
    }

    /// `text` as RFC 2047 "B" encoded words (`=?UTF-8?B?...?=`), each at most 60 characters and
    /// holding whole characters, separated by spaces (which a header reader drops between words).
    static func encodedWords(_ text: String) -> String {
        // 36 bytes make 48 base64 characters, a 60-character word: with a header name in front the
        // first line stays within 78 characters (RFC 2047 allows 75 per word, 76 per line).
        let maximumBytes = 36
        var words: [[UInt8]] = []
        var chunk: [UInt8] = []
        for scalar in text.unicodeScalars {
            let bytes = Array(String(scalar).utf8)
            if chunk.count + bytes.count > maximumBytes {
                words.append(chunk)
                chunk = []
            }
            chunk += bytes
        }
        if !chunk.isEmpty || words.isEmpty { words.append(chunk) }
        return words.map { "=?UTF-8?B?\(Data($0).base64EncodedString())?=" }.joined(separator: " ")
    }

    /// A header's unstructured text: as it is when plain, else as encoded words. Line breaks become spaces.
    static func headerText(_ text: String) -> String {
        let single = text.replacingOccurrences(of: "\r\n", with: " ").replacingOccurrences(of: "\n", with: " ")
            .replacingOccurrences(of: "\r", with: " ")
        return isPlainHeaderText(single) ? single : encodedWords(single)
    }

    /// A display name and address: `"Name" <a@b>`, `=?UTF-8?B?...?= <a@b>` or `a@b`.
    static func address(_ address: MailAddress) -> String {
        guard let name = address.name, !name.isEmpty else { return address.address }
        let single = name.replacingOccurrences(of: "\r", with: " ").replacingOccurrences(of: "\n", with: " ")
        if isPlainHeaderText(single) {
            let quoted = single.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            return "\"\(quoted)\" <\(address.address)>"
        }
        return "\(encodedWords(single)) <\(address.address)>"
    }

    /// `Name: value`, folded at spaces (CRLF + space) so lines stay within 78 characters where the
    /// value allows it, and always within 998.
    static func fold(_ name: String, _ value: String) -> String {
        var lines: [String] = []
        var current = name + ":"
        for word in value.split(separator: " ", omittingEmptySubsequences: true) {
            if current.count + 1 + word.count > 78 && current.count > name.count + 1 {
                lines.append(current)
                current = ""
            }
            var piece = Substring(word)
            // A single word longer than a line (a very long ASCII token) is cut hard; it cannot fold.
            while current.count + 1 + piece.count > 998 {
                let room = 998 - current.count - 1
                lines.append(current + " " + piece.prefix(room))
                piece = piece.dropFirst(room)
                current = ""
            }
            current += " " + piece
        }
        lines.append(current)
        return lines.joined(separator: "\r\n")
    }
}
