/// JSON text appended by hand to a byte array, for the documents written so often (or so large)
/// that `JSONEncoder` shows: the simulator's answers, the cluster presence and the backup ledger
/// saved by the poll cycle at 10,000 guests. What is written reads back with `JSONDecoder`.
extension [UInt8] {
    /// `text` as a JSON string, quotes included. Copies the runs between characters that need
    /// escaping whole: byte by byte, writing the 20 MB of a benchmark's `backup list` answers took a
    /// fifth of the whole run.
    public mutating func appendJSONString(_ text: String) {
        append(UInt8(ascii: "\""))
        var text = text
        text.withUTF8 { utf8 in
            var start = 0
            for index in utf8.indices {
                let byte = utf8[index]
                guard byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") || byte < 0x20 else { continue }
                append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start..<index]))
                appendJSONEscape(byte)
                start = index + 1
            }
            append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start...]))
        }
        append(UInt8(ascii: "\""))
    }

    /// A JSON number: whole numbers as integers (a `Date`'s seconds usually are), others in Swift's
    /// shortest form that reads back to the same value; `null` for infinities and NaN, which JSON lacks.
    public mutating func appendJSONNumber(_ number: Double) {
        if number.isFinite, number == number.rounded(), abs(number) < 0x1p53 {
            append(contentsOf: String(Int64(number)).utf8)
        } else if number.isFinite {
            append(contentsOf: number.description.utf8)
        } else {
            append(contentsOf: "null".utf8)
        }
    }

    public mutating func appendJSONNumber(_ number: Int) {
        append(contentsOf: String(number).utf8)
    }

    public mutating func appendJSONBool(_ flag: Bool) {
        append(contentsOf: (flag ? "true" : "false").utf8)
    }

    private mutating func appendJSONEscape(_ byte: UInt8) {
        switch byte {
        case UInt8(ascii: "\""): append(contentsOf: [92, 34])
        case UInt8(ascii: "\\"): append(contentsOf: [92, 92])
        case UInt8(ascii: "\n"): append(contentsOf: [92, UInt8(ascii: "n")])
        case UInt8(ascii: "\r"): append(contentsOf: [92, UInt8(ascii: "r")])
        case UInt8(ascii: "\t"): append(contentsOf: [92, UInt8(ascii: "t")])
        default:
            let hex = Array("0123456789abcdef".utf8)
            append(contentsOf: [92, UInt8(ascii: "u"), 48, 48, hex[Int(byte >> 4)], hex[Int(byte & 0xF)]])
        }
    }
}
