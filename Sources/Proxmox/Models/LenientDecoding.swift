/*
 Lenient decoding of Proxmox VE JSON.

 PVE is written in Perl and its JSON is loosely typed: numbers sometimes arrive as strings ("1"),
 booleans as 0/1 or "0"/"1", and fields come and go between releases. Every model decodes its fields
 through the helpers here, so one place decides what "an integer" or "a boolean" means.
 */
import Foundation

/// Any JSON scalar as PVE sends it; objects and arrays are kept as `.other`.
enum JSONScalar: Decodable, Sendable, Equatable {
    case string(String)
    case int(Int64)
    case double(Double)
    case bool(Bool)
    case null
    case other

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Int64.self) {
            self = .int(value)
        } else if let value = try? container.decode(Double.self) {
            self = .double(value)
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else {
            self = .other
        }
    }

    var string: String? {
        switch self {
        case .string(let value): value
        case .int(let value): String(value)
        case .double(let value):
            value.rounded() == value && abs(value) < 1e15 ? String(Int64(value)) : String(value)
        case .bool(let value): value ? "1" : "0"
        case .null, .other: nil
        }
    }

    var int64: Int64? {
        switch self {
        case .int(let value): value
        case .double(let value): value.isFinite && abs(value) < 9.2e18 ? Int64(value) : nil
        case .bool(let value): value ? 1 : 0
        case .string(let value):
            Int64(value.trimmingCharacters(in: .whitespaces))
                ?? Double(value.trimmingCharacters(in: .whitespaces)).flatMap { JSONScalar.double($0).int64 }
        case .null, .other: nil
        }
    }

    var double: Double? {
        switch self {
        case .int(let value): Double(value)
        case .double(let value): value
        case .bool(let value): value ? 1 : 0
        case .string(let value): Double(value.trimmingCharacters(in: .whitespaces))
        case .null, .other: nil
        }
    }

    var bool: Bool? {
        switch self {
        case .bool(let value): value
        case .int(let value): value != 0
        case .double(let value): value != 0
        case .string(let value):
            switch value.trimmingCharacters(in: .whitespaces).lowercased() {
            case "1", "true", "yes", "on": true
            case "0", "false", "no", "off", "": false
            default: nil
            }
        case .null, .other: nil
        }
    }
}

/// A coding key made from any string, for reading objects whose keys are not known up front.
struct AnyKey: CodingKey, Hashable {
    var stringValue: String
    var intValue: Int? { nil }
    init(_ string: String) { self.stringValue = string }
    init?(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { self.stringValue = String(intValue) }
}

extension KeyedDecodingContainer where Key == AnyKey {
    func scalar(_ key: String) -> JSONScalar? {
        (try? decodeIfPresent(JSONScalar.self, forKey: AnyKey(key))) ?? nil
    }

    /// The value decoded as the type PVE usually sends, else converted from whatever scalar came.
    ///
    /// Trying the usual type first matters: a failed decode throws, and building that error for
    /// every field of 10,000 resources costs more than the decoding itself.
    private func lenient<T: Decodable>(_ key: String, usually: T.Type, _ convert: (JSONScalar) -> T?) -> T? {
        let key = AnyKey(key)
        guard contains(key) else { return nil }
        if let value = try? decodeIfPresent(T.self, forKey: key) { return value }
        return ((try? decodeIfPresent(JSONScalar.self, forKey: key)) ?? nil).flatMap(convert)
    }

    /// The value as a string; numbers and booleans are converted, absent or null gives `nil`.
    func lenientString(_ key: String) -> String? { lenient(key, usually: String.self, \.string) }
    func lenientInt(_ key: String) -> Int? { lenientInt64(key).map { Int(truncatingIfNeeded: $0) } }
    func lenientInt64(_ key: String) -> Int64? { lenient(key, usually: Int64.self, \.int64) }
    func lenientDouble(_ key: String) -> Double? { lenient(key, usually: Double.self, \.double) }
    /// PVE's booleans are mostly 0/1; `true`/`false` and "yes"/"no" strings are accepted too.
    func lenientBool(_ key: String) -> Bool? {
        lenient(key, usually: Int64.self, \.int64).map { $0 != 0 } ?? scalar(key)?.bool
    }
    /// A Unix timestamp in seconds as a date.
    func lenientDate(_ key: String) -> Date? {
        lenientDouble(key).map { Date(timeIntervalSince1970: $0) }
    }

    /// A required string; throws a decoding error naming the key when it is absent.
    func requiredString(_ key: String) throws -> String {
        guard let value = lenientString(key) else {
            throw DecodingError.keyNotFound(
                AnyKey(key), .init(codingPath: codingPath, debugDescription: "missing '\(key)'"))
        }
        return value
    }

    func requiredInt(_ key: String) throws -> Int {
        guard let value = lenientInt(key) else {
            throw DecodingError.keyNotFound(
                AnyKey(key), .init(codingPath: codingPath, debugDescription: "missing or non-numeric '\(key)'"))
        }
        return value
    }

    /// A nested object or array decoded strictly as `T`; `nil` when absent or of another shape.
    func nested<T: Decodable>(_ type: T.Type, _ key: String) -> T? {
        (try? decodeIfPresent(T.self, forKey: AnyKey(key))) ?? nil
    }
}

extension Decoder {
    /// A keyed container addressed by plain strings.
    func anyKeyed() throws -> KeyedDecodingContainer<AnyKey> {
        try container(keyedBy: AnyKey.self)
    }
}

/// Splits PVE's tag list: "a;b", "a,b" or "a b" (any mix), dropping empty parts.
func parseTags(_ raw: String?) -> [String] {
    guard var raw, !raw.isEmpty else { return [] }
    // On the bytes, not Characters: the separators are ASCII, and this runs for every guest of every poll.
    var tags: [String] = []
    raw.withUTF8 { bytes in
        tags.reserveCapacity(bytes.reduce(1) { $1 == UInt8(ascii: ";") || $1 == UInt8(ascii: ",") || $1 == UInt8(ascii: " ") ? $0 + 1 : $0 })
        var start = 0
        for index in 0...bytes.count {
            if index < bytes.count, bytes[index] != UInt8(ascii: ";"), bytes[index] != UInt8(ascii: ","), bytes[index] != UInt8(ascii: " ") {
                continue
            }
            if index > start { tags.append(String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)) }
            start = index + 1
        }
    }
    return tags
}

/// Splits a comma-separated PVE list ("images,rootdir").
func parseList(_ raw: String?) -> [String] {
    guard let raw else { return [] }
    return raw.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
}

/// Reads a string enum's value leniently (numbers become their text), for `.unknown(String)` enums.
func decodeEnumText(_ decoder: any Decoder) throws -> String {
    try decoder.singleValueContainer().decode(JSONScalar.self).string ?? ""
}
