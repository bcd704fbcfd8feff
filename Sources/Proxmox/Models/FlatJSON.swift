/*
 A fast reader for PVE's largest answers: `{"data": [{...}, {...}]}` where each element is a flat
 object of scalars (`/cluster/resources` of a big cluster is 10,000 such objects and 3 MB).

 Foundation's JSONDecoder spends most of its time per value (a keyed container per object, a
 dictionary lookup and a possible thrown error per field); this reads the bytes once and hands each
 field to the model as a `JSONScalar`, which it reads with the same lenient conversions as the
 Decodable path. A nested object or array inside an element is skipped and read as `.other`, unless
 the model names its key in `nestedObjects` (PBS's `verification: {state, upid}`): then each scalar
 member of that object arrives as `key.member` (`verification.state`), deeper values as `.other`.
 Anything that is not valid JSON is refused with the byte offset.
 */
import Foundation

/// A model read field by field from a flat JSON object.
protocol FlatJSONObject {
    /// The empty value fields are set on.
    init()
    mutating func set(_ key: String, _ value: JSONScalar)
    /// Throws when a required field was missing.
    func validate() throws
    /// Keys whose object values are read one level deep, as `key.member` fields.
    static var nestedObjects: Set<String> { get }
}

extension FlatJSONObject {
    static var nestedObjects: Set<String> { [] }
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

        init(bytes: UnsafeBufferPointer<UInt8>) {
            self.bytes = bytes
        }

        // MARK: Structure

        mutating func dataObjects<T: FlatJSONObject>(_ type: T.Type) throws -> [T] {
            var objects: [T]?
            try expect(UInt8(ascii: "{"))
            if try !consume(UInt8(ascii: "}")) {
                repeat {
                    let key = try string()
                    try expect(UInt8(ascii: ":"))
                    if key == "data", try peek() == UInt8(ascii: "[") {
                        objects = try arrayOfObjects(T.self)
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
            repeat {
                let key = try string()
                try expect(UInt8(ascii: ":"))
                if try peek() == UInt8(ascii: "{"), T.nestedObjects.contains(key) {
                    try nestedMembers(of: key, into: &object)
                } else {
                    object.set(key, try scalar())
                }
            } while try consume(UInt8(ascii: ","))
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

        private mutating func skipValue() throws {
            switch try peek() {
            case UInt8(ascii: "{"):
                index += 1
                if try consume(UInt8(ascii: "}")) { return }
                repeat {
                    _ = try string()
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
            default:
                _ = try scalar()
            }
        }

        // MARK: Scalars

        private mutating func string() throws -> String {
            try expect(UInt8(ascii: "\""))
            let start = index
            // Fast path: no escapes, the bytes are the string.
            while index < bytes.count {
                let byte = bytes[index]
                if byte == UInt8(ascii: "\"") {
                    let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
                    index += 1
                    return text
                }
                if byte == UInt8(ascii: "\\") { break }
                if byte < 0x20 { throw failure("control character in a string") }
                index += 1
            }
            var utf8 = Array(bytes[start..<index])
            while index < bytes.count {
                let byte = bytes[index]
                index += 1
                switch byte {
                case UInt8(ascii: "\""):
                    return String(decoding: utf8, as: UTF8.self)
                case UInt8(ascii: "\\"):
                    try escape(into: &utf8)
                case 0..<0x20:
                    index -= 1
                    throw failure("control character in a string")
                default:
                    utf8.append(byte)
                }
            }
            throw failure("unterminated string")
        }

        private mutating func escape(into utf8: inout [UInt8]) throws {
            guard index < bytes.count else { throw failure("unterminated escape") }
            let byte = bytes[index]
            index += 1
            switch byte {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): utf8.append(byte)
            case UInt8(ascii: "b"): utf8.append(0x08)
            case UInt8(ascii: "f"): utf8.append(0x0C)
            case UInt8(ascii: "n"): utf8.append(0x0A)
            case UInt8(ascii: "r"): utf8.append(0x0D)
            case UInt8(ascii: "t"): utf8.append(0x09)
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
                utf8.append(contentsOf: Array(String(Character(unicode)).utf8))
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

        private mutating func number() throws -> JSONScalar {
            let start = index
            var integral = true
            if index < bytes.count, bytes[index] == UInt8(ascii: "-") { index += 1 }
            let digitsStart = index
            while index < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) { index += 1 }
            guard index > digitsStart else { throw failure("expected a value") }
            if bytes[digitsStart] == UInt8(ascii: "0"), index - digitsStart > 1 { throw failure("leading zero in a number") }
            if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
                integral = false
                index += 1
                let fraction = index
                while index < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) { index += 1 }
                guard index > fraction else { throw failure("expected digits after the decimal point") }
            }
            if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
                integral = false
                index += 1
                if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
                let exponent = index
                while index < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) { index += 1 }
                guard index > exponent else { throw failure("expected digits in the exponent") }
            }
            let text = UnsafeBufferPointer(rebasing: bytes[start..<index])
            if integral, text.count <= 18 {
                var value: Int64 = 0
                for byte in text where byte != UInt8(ascii: "-") { value = value * 10 + Int64(byte - UInt8(ascii: "0")) }
                return .int(text[0] == UInt8(ascii: "-") ? -value : value)
            }
            guard let value = Double(String(decoding: text, as: UTF8.self)) else { throw failure("number out of range") }
            // Like JSONDecoder: an integral value that fits is an integer.
            if value.rounded() == value, abs(value) < 9.2e18 { return .int(Int64(value)) }
            return .double(value)
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

/// An element read as all its fields (the tests compare it with what JSONDecoder reads).
extension Dictionary: FlatJSONObject where Key == String, Value == JSONScalar {
    mutating func set(_ key: String, _ value: JSONScalar) { self[key] = value }
    func validate() throws {}
}
