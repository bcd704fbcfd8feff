/// A silence's matcher, read once per cycle so that `TrackedAlert.isSilenced(by:)` compares it with each
/// observed alert's names without making a string per alert (at 10,000 guests, thousands of alerts
/// are checked against every active silence each cycle).
public struct SilenceMatcher: Sendable {
    /// `*`: every alert.
    let matchesAll: Bool
    /// The matcher lowercased, for names that are not ASCII.
    let lowered: String
    /// Its bytes, when it is ASCII: compared byte by byte with an alert's ASCII names, A–Z folded.
    let ascii: [UInt8]?

    public init(_ matcher: String) {
        matchesAll = matcher == "*"
        lowered = matcher.lowercased()
        ascii = lowered.utf8.allSatisfy { $0 < 0x80 } ? Array(lowered.utf8) : nil
    }

    /// What follows `name` lowercased at the start of `text` (ASCII names only), or nil.
    static func remainder(of text: ArraySlice<UInt8>, after name: String) -> ArraySlice<UInt8>? {
        var index = text.startIndex
        for byte in name.utf8 {
            guard index < text.endIndex, text[index] == (byte &- UInt8(ascii: "A") < 26 ? byte | 0x20 : byte) else { return nil }
            index += 1
        }
        return text[index...]
    }

    static func isASCII(_ name: String?) -> Bool { name?.utf8.allSatisfy { $0 < 0x80 } ?? true }
}
