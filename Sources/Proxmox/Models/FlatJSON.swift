/*
 A fast reader for PVE's largest answers: `{"data": [{...}, {...}]}` where each element is a flat
 object of scalars (`/cluster/resources` of a big cluster is 10,000 such objects and 3.3 MB, read
 on every alert poll).

 Foundation's JSONDecoder spends most of its time per value (a keyed container per object, a
 dictionary lookup and a possible thrown error per field); this reads the bytes once and hands each
 field to the model as a `JSONScalar`, which it reads with the same lenient conversions as the
 Decodable path. A model that lists its keys (`fields`) gets each one by number, matched on the
 key's bytes: no String is made for a key, and the values of keys it does not read are checked
 and skipped, never built. A nested object or array inside an element is skipped and read as
 `.other`, unless the model names its key in `nestedObjects` (PBS's `verification: {state, upid}`):
 then each scalar member of that object arrives as `key.member` (`verification.state`), deeper
 values as `.other`.

 What it reads is what JSONDecoder reads into `[String: JSONScalar]` elements (differential fuzz
 tests hold it to that): integers exact over all of Int64, other numbers as the nearest Double (an
 integral one within ±2^53 as an integer, one out of Double's range as `.other`), of a repeated
 key the first value (a model that reads keys by name gets each value; PVE repeats none).
 Anything that is not valid JSON (invalid UTF-8 included) is refused with the byte offset.
 */
import Foundation

/// A model read field by field from a flat JSON object.
protocol FlatJSONObject {
    /// The empty value fields are set on.
    init()
    /// Sets the field named `key` (every key, when the model lists no `fields`; each value of a repeated key).
    mutating func set(_ key: String, _ value: JSONScalar)
    /// The only keys the model reads, numbered by their place; nil: every key goes to `set(_:_:)`.
    static var fields: FlatJSONFields? { get }
    /// Sets field number `field` of `fields`.
    mutating func set(field: Int, _ value: JSONScalar)
    /// Throws when a required field was missing.
    func validate() throws
    /// Keys whose object values are read one level deep, as `key.member` fields (models without `fields`).
    static var nestedObjects: Set<String> { get }
}

extension FlatJSONObject {
    static var nestedObjects: Set<String> { [] }
    static var fields: FlatJSONFields? { nil }
    mutating func set(field: Int, _ value: JSONScalar) {
        if let name = Self.fields?.names[field] { set(name, value) }
    }
}

/// The keys a model reads, found from a key's bytes without making a String of it.
struct FlatJSONFields: Sendable {
    /// A key's first 16 bytes as two words, its length and field number: compared without a call or a reference count.
    private struct Entry {
        var head: UInt64
        var tail: UInt64
        var count: Int
        var field: Int
    }

    /// The keys, in field number order.
    let names: [String]
    private let entries: [Entry]
    /// UTF-8 of the keys longer than 16 bytes, by field number (rare: compared whole).
    private let long: [Int: [UInt8]]

    /// At most 64 keys.
    init(_ names: [String]) {
        precondition(names.count <= 64, "FlatJSONFields holds at most 64 keys")
        self.names = names
        var long: [Int: [UInt8]] = [:]
        entries = names.enumerated().map { field, name in
            let utf8 = Array(name.utf8)
            if utf8.count > 16 { long[field] = utf8 }
            let (head, tail) = utf8.withUnsafeBufferPointer { Self.words($0) }
            return Entry(head: head, tail: tail, count: utf8.count, field: field)
        }
        self.long = long
    }

    /// The field number of the key with these bytes, nil when the model does not read it.
    func field(_ key: UnsafeBufferPointer<UInt8>) -> Int? {
        let (head, tail) = Self.words(key)
        for entry in entries where entry.count == key.count && entry.head == head && entry.tail == tail {
            if key.count > 16, long[entry.field].map({ !$0.elementsEqual(key) }) ?? true { continue }
            return entry.field
        }
        return nil
    }

    /// The first 16 bytes, little-endian, zero-padded.
    private static func words(_ bytes: UnsafeBufferPointer<UInt8>) -> (UInt64, UInt64) {
        var head: UInt64 = 0
        var tail: UInt64 = 0
        for index in 0..<min(bytes.count, 8) { head |= UInt64(bytes[index]) << (8 * index) }
        if bytes.count > 8 {
            for index in 8..<min(bytes.count, 16) { tail |= UInt64(bytes[index]) << (8 * (index - 8)) }
        }
        return (head, tail)
    }
}

enum FlatJSON {
    /// Why a body could not be read.
    struct Failure: Error, CustomStringConvertible {
        var offset: Int
        var reason: String
        var description: String { "invalid JSON at byte \(offset): \(reason)" }
    }

    /// The elements of the root object's `data` array, each read as a `T`.
    static func dataObjects<T: FlatJSONObject>(_ type: T.Type, from body: Data) throws -> [T] {
        try body.withUnsafeBytes { raw in
            var reader = Reader(bytes: raw.bindMemory(to: UInt8.self))
            return try reader.dataObjects(T.self)
        }
    }

    private struct Reader {
        let bytes: UnsafeBufferPointer<UInt8>
        var index = 0
        /// The bytes of the last string read that had escapes, unescaped.
        var unescaped: [UInt8] = []
        /// Up to where the plain bytes of the string being unescaped are copied into `unescaped`.
        private var lastCopied = 0

        init(bytes: UnsafeBufferPointer<UInt8>) {
            self.bytes = bytes
        }

        /// Where a string's bytes are: in the input (`start..<end`), or in `unescaped` when it had escapes.
        struct StringToken {
            var start: Int
            var end: Int
            var escaped: Bool
        }

        // MARK: Structure

        mutating func dataObjects<T: FlatJSONObject>(_ type: T.Type) throws -> [T] {
            var objects: [T]?
            var sawData = false
            try expect(UInt8(ascii: "{"))
            if try !consume(UInt8(ascii: "}")) {
                repeat {
                    let key = try stringToken()
                    try expect(UInt8(ascii: ":"))
                    // A repeated key: its first value counts, as in JSONDecoder.
                    if isData(key), !sawData {
                        sawData = true
                        if try peek() == UInt8(ascii: "[") { objects = try arrayOfObjects(T.self) } else { try skipValue() }
                    } else {
                        try skipValue()
                    }
                } while try consume(UInt8(ascii: ","))
                try expect(UInt8(ascii: "}"))
            }
            skipWhitespace()
            guard index == bytes.count else { throw failure("unexpected content after the answer") }
            guard let objects else { throw Failure(offset: 0, reason: "no \"data\" array") }
            return objects
        }

        private func isData(_ key: StringToken) -> Bool {
            let data: [UInt8] = [0x64, 0x61, 0x74, 0x61]
            return key.escaped ? unescaped == data : bytes[key.start..<key.end].elementsEqual(data)
        }

        private mutating func arrayOfObjects<T: FlatJSONObject>(_ type: T.Type) throws -> [T] {
            try expect(UInt8(ascii: "["))
            var objects: [T] = []
            if try consume(UInt8(ascii: "]")) { return objects }
            repeat {
                let start = index
                let object = try flatObject(T.self)
                do {
                    try object.validate()
                } catch {
                    throw Failure(offset: start, reason: "\(error)")
                }
                objects.append(object)
            } while try consume(UInt8(ascii: ","))
            try expect(UInt8(ascii: "]"))
            return objects
        }

        private mutating func flatObject<T: FlatJSONObject>(_ type: T.Type) throws -> T {
            try expect(UInt8(ascii: "{"))
            var object = T()
            if try consume(UInt8(ascii: "}")) { return object }
            if let fields = T.fields {
                // A repeated key: its first value counts, as in JSONDecoder.
                var seen: UInt64 = 0
                repeat {
                    let key = try stringToken()
                    try expect(UInt8(ascii: ":"))
                    let field = key.escaped ? unescaped.withUnsafeBufferPointer { fields.field($0) }
                        : fields.field(UnsafeBufferPointer(rebasing: bytes[key.start..<key.end]))
                    if let field, seen & 1 << field == 0 {
                        seen |= 1 << field
                        object.set(field: field, try scalar())
                    } else {
                        try skipValue()
                    }
                } while try consume(UInt8(ascii: ","))
            } else {
                repeat {
                    let key = try string()
                    try expect(UInt8(ascii: ":"))
                    if try peek() == UInt8(ascii: "{"), T.nestedObjects.contains(key) {
                        try nestedMembers(of: key, into: &object)
                    } else {
                        object.set(key, try scalar())
                    }
                } while try consume(UInt8(ascii: ","))
            }
            try expect(UInt8(ascii: "}"))
            return object
        }

        /// The scalar members of a nested object the model asked for, as `key.member`.
        private mutating func nestedMembers<T: FlatJSONObject>(of key: String, into object: inout T) throws {
            try expect(UInt8(ascii: "{"))
            if try consume(UInt8(ascii: "}")) { return }
            repeat {
                let member = try string()
                try expect(UInt8(ascii: ":"))
                object.set("\(key).\(member)", try scalar())
            } while try consume(UInt8(ascii: ","))
            try expect(UInt8(ascii: "}"))
        }

        private mutating func scalar() throws -> JSONScalar {
            switch try peek() {
            case UInt8(ascii: "\""): return .string(try string())
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                try skipValue()
                return .other
            case UInt8(ascii: "t"):
                try literal("true")
                return .bool(true)
            case UInt8(ascii: "f"):
                try literal("false")
                return .bool(false)
            case UInt8(ascii: "n"):
                try literal("null")
                return .null
            default: return try number()
            }
        }

        /// Checks a value and steps over it, building nothing.
        private mutating func skipValue() throws {
            switch try peek() {
            case UInt8(ascii: "{"):
                index += 1
                if try consume(UInt8(ascii: "}")) { return }
                repeat {
                    _ = try stringToken()
                    try expect(UInt8(ascii: ":"))
                    try skipValue()
                } while try consume(UInt8(ascii: ","))
                try expect(UInt8(ascii: "}"))
            case UInt8(ascii: "["):
                index += 1
                if try consume(UInt8(ascii: "]")) { return }
                repeat {
                    try skipValue()
                } while try consume(UInt8(ascii: ","))
                try expect(UInt8(ascii: "]"))
            case UInt8(ascii: "\""):
                _ = try stringToken()
            case UInt8(ascii: "t"): try literal("true")
            case UInt8(ascii: "f"): try literal("false")
            case UInt8(ascii: "n"): try literal("null")
            default: _ = try number()
            }
        }

        // MARK: Strings

        private mutating func string() throws -> String {
            let token = try stringToken()
            return token.escaped ? String(decoding: unescaped, as: UTF8.self)
                : String(decoding: UnsafeBufferPointer(rebasing: bytes[token.start..<token.end]), as: UTF8.self)
        }

        /// Reads a string, checking its escapes and its UTF-8; unescapes it into `unescaped` when it has escapes.
        private mutating func stringToken() throws -> StringToken {
            try expect(UInt8(ascii: "\""))
            let start = index
            var ascii = true
            var escaped = false
            while index < bytes.count {
                let byte = bytes[index]
                switch byte {
                case UInt8(ascii: "\""):
                    let end = index
                    index += 1
                    if !ascii { try checkUTF8(start..<end) }
                    if escaped { unescaped.append(contentsOf: bytes[lastCopied..<end]) }
                    return StringToken(start: start, end: end, escaped: escaped)
                case UInt8(ascii: "\\"):
                    if !escaped {
                        escaped = true
                        unescaped.removeAll(keepingCapacity: true)
                        lastCopied = start
                    }
                    unescaped.append(contentsOf: bytes[lastCopied..<index])
                    index += 1
                    try escape()
                    lastCopied = index
                case 0..<0x20:
                    throw failure("control character in a string")
                case 0x80...:
                    ascii = false
                    index += 1
                default:
                    index += 1
                }
            }
            throw failure("unterminated string")
        }

        private func checkUTF8(_ range: Range<Int>) throws {
            guard String(validating: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self) != nil else {
                throw Failure(offset: range.lowerBound, reason: "invalid UTF-8 in a string")
            }
        }

        private mutating func escape() throws {
            guard index < bytes.count else { throw failure("unterminated escape") }
            let byte = bytes[index]
            index += 1
            switch byte {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): unescaped.append(byte)
            case UInt8(ascii: "b"): unescaped.append(0x08)
            case UInt8(ascii: "f"): unescaped.append(0x0C)
            case UInt8(ascii: "n"): unescaped.append(0x0A)
            case UInt8(ascii: "r"): unescaped.append(0x0D)
            case UInt8(ascii: "t"): unescaped.append(0x09)
            case UInt8(ascii: "u"):
                var scalar = try hex4()
                if (0xD800..<0xDC00).contains(scalar) {
                    // A high surrogate must be followed by an escaped low one.
                    guard index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u") else {
                        throw failure("lone surrogate in \\u escape")
                    }
                    index += 2
                    let low = try hex4()
                    guard (0xDC00..<0xE000).contains(low) else { throw failure("invalid surrogate pair") }
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                } else if (0xDC00..<0xE000).contains(scalar) {
                    throw failure("lone surrogate in \\u escape")
                }
                guard let unicode = Unicode.Scalar(scalar) else { throw failure("invalid \\u escape") }
                unescaped.append(contentsOf: UTF8.encode(unicode)!)
            default:
                index -= 1
                throw failure("invalid escape")
            }
        }

        private mutating func hex4() throws -> UInt32 {
            guard index + 4 <= bytes.count else { throw failure("short \\u escape") }
            var value: UInt32 = 0
            for _ in 0..<4 {
                let byte = bytes[index]
                let digit: UInt8
                switch byte {
                case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
                case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
                case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
                default: throw failure("invalid hex digit in \\u escape")
                }
                value = value << 4 | UInt32(digit)
                index += 1
            }
            return value
        }

        // MARK: Numbers

        /// A number, as JSONDecoder reads it into a `JSONScalar`: an integer written as one that
        /// fits in Int64, exactly; else the nearest Double, as an integer when it is one within
        /// ±2^53 (`1.5e3`, `2.0`), as a Double when it is not (`0.5`, `1e19`); `.other` beyond
        /// Double's range. Beyond ±2^53, JSONDecoder reads an integral value written with a
        /// fraction or an exponent through Foundation's Decimal, with its roundings: that rare
        /// number is read by JSONDecoder itself, so the two never differ.
        private mutating func number() throws -> JSONScalar {
            let start = index
            let negative = bytes[index] == UInt8(ascii: "-")
            if negative { index += 1 }
            // The digits as an integer while they fit: the exact value of an integer, the significand of the rest.
            var significand: UInt64 = 0
            var exact = true
            let digitsStart = index
            digits(into: &significand, exact: &exact)
            guard index > digitsStart else { throw failure("expected a value") }
            if bytes[digitsStart] == UInt8(ascii: "0"), index - digitsStart > 1 { throw failure("leading zero in a number") }
            var plain = true
            var digitsAfterPoint = 0
            if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
                plain = false
                index += 1
                let fraction = index
                digits(into: &significand, exact: &exact)
                digitsAfterPoint = index - fraction
                guard digitsAfterPoint > 0 else { throw failure("expected digits after the decimal point") }
            }
            var exponent = 0
            if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
                plain = false
                index += 1
                var negativeExponent = false
                if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") {
                    negativeExponent = bytes[index] == UInt8(ascii: "-")
                    index += 1
                }
                let exponentStart = index
                while index < bytes.count, case let digit = bytes[index] &- UInt8(ascii: "0"), digit < 10 {
                    if exponent < 100_000 { exponent = exponent * 10 + Int(digit) }
                    index += 1
                }
                guard index > exponentStart else { throw failure("expected digits in the exponent") }
                if negativeExponent { exponent = -exponent }
            }
            if plain, exact {
                if !negative, significand <= UInt64(Int64.max) { return .int(Int64(significand)) }
                if negative, significand <= UInt64(Int64.max) + 1 { return .int(Int64(truncatingIfNeeded: 0 &- significand)) }
            }
            let text = UnsafeBufferPointer(rebasing: bytes[start..<index])
            let value: Double
            let scale = exponent - digitsAfterPoint
            if exact, significand < 1 << 53, abs(scale) <= 22 {
                // Both exact in a Double: one rounding, the correctly rounded result.
                let magnitude = scale < 0 ? Double(significand) / Self.exactPowersOfTen[-scale] : Double(significand) * Self.exactPowersOfTen[scale]
                value = negative ? -magnitude : magnitude
            } else {
                guard let parsed = Double(String(decoding: text, as: UTF8.self)) else { throw failure("invalid number") }
                value = parsed
            }
            if let integer = Int64(exactly: value) {
                if value.magnitude < 0x1p53 { return .int(integer) }
                return (try? JSONDecoder().decode(JSONScalar.self, from: Data(text))) ?? .other
            }
            return value.isFinite ? .double(value) : .other
        }

        /// Powers of ten a Double holds exactly.
        private static let exactPowersOfTen: [Double] = (0...22).map { (0..<$0).reduce(1.0) { value, _ in value * 10 } }

        /// Reads decimal digits into `value` while it fits; `exact` goes false when one no longer does.
        private mutating func digits(into value: inout UInt64, exact: inout Bool) {
            while index < bytes.count, case let digit = bytes[index] &- UInt8(ascii: "0"), digit < 10 {
                if exact {
                    let (times10, overflowed) = value.multipliedReportingOverflow(by: 10)
                    let (sum, carried) = times10.addingReportingOverflow(UInt64(digit))
                    if overflowed || carried { exact = false } else { value = sum }
                }
                index += 1
            }
        }

        private mutating func literal(_ word: StaticString) throws {
            let count = word.utf8CodeUnitCount
            guard index + count <= bytes.count,
                  UnsafeBufferPointer(rebasing: bytes[index..<index + count]).elementsEqual(
                    UnsafeBufferPointer(start: word.utf8Start, count: count))
            else { throw failure("expected a value") }
            index += count
        }

        // MARK: Tokens

        private mutating func skipWhitespace() {
            while index < bytes.count {
                switch bytes[index] {
                case 0x20, 0x0A, 0x0D, 0x09: index += 1
                default: return
                }
            }
        }

        private mutating func peek() throws -> UInt8 {
            skipWhitespace()
            guard index < bytes.count else { throw failure("unexpected end of input") }
            return bytes[index]
        }

        private mutating func consume(_ byte: UInt8) throws -> Bool {
            guard try peek() == byte else { return false }
            index += 1
            return true
        }

        private mutating func expect(_ byte: UInt8) throws {
            guard try consume(byte) else {
                throw failure(index < bytes.count ? "expected '\(Character(Unicode.Scalar(byte)))'" : "unexpected end of input")
            }
        }

        private func failure(_ reason: String) -> Failure {
            Failure(offset: index, reason: reason)
        }
    }
}

/// An element read as all its fields (the tests compare it with what JSONDecoder reads); of a
/// repeated key, the first value, as JSONDecoder keeps.
extension Dictionary: FlatJSONObject where Key == String, Value == JSONScalar {
    mutating func set(_ key: String, _ value: JSONScalar) {
        if self[key] == nil { self[key] = value }
    }
    func validate() throws {}
}
