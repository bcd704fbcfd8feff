/// Percent-encoding for URL paths, query strings and `application/x-www-form-urlencoded` bodies.
enum FormEncoding {
    /// Encodes one path segment: unreserved characters plus `:`, `@` and `!` (common in UPIDs and
    /// token ids) stay, everything else (including `/`) is percent-encoded.
    static func pathSegment(_ text: String) -> String {
        encode(text) { isUnreserved($0) || $0 == UInt8(ascii: ":") || $0 == UInt8(ascii: "@") || $0 == UInt8(ascii: "!") }
    }

    /// Encodes a query string or form body from ordered pairs.
    static func form(_ pairs: [(String, String)]) -> String {
        pairs.map { "\(encode($0.0, keep: isUnreserved))=\(encode($0.1, keep: isUnreserved))" }.joined(separator: "&")
    }

    private static func isUnreserved(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
            UInt8(ascii: "~"):
            true
        default:
            false
        }
    }

    private static func encode(_ text: String, keep: (UInt8) -> Bool) -> String {
        let hex = Array("0123456789ABCDEF".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count)
        for byte in text.utf8 {
            if keep(byte) {
                out.append(byte)
            } else {
                out.append(UInt8(ascii: "%"))
                out.append(hex[Int(byte >> 4)])
                out.append(hex[Int(byte & 0x0F)])
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
