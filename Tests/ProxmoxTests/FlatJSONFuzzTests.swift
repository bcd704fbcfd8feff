import Foundation
import ProxmoxSimulator
import Testing

@testable import Proxmox

/// FlatJSON against JSONDecoder on documents made at random (seeded, so a failure repeats): the
/// same values for every valid document, and for damaged ones (a byte changed, cut short) never a
/// value JSONDecoder would not give.
@Suite("FlatJSON differential fuzzing against JSONDecoder")
struct FlatJSONFuzzTests {
    private struct Envelope: Decodable {
        var data: [[String: JSONScalar]]
    }

    typealias Generator = SeededGenerator

    static let pieces = ["a", "Z", "0", " ", "é", "Zürich", "🖥", "😀", "\\\"", "\\\\", "\\/", "\\n", "\\t", "\\b", "\\f", "\\r", "\\u00e9",
                         "\\u0000", "\\ud83d\\ude00", "qemu/101", "{", "]", ":", ","]

    static func string(_ random: inout Generator) -> String {
        "\"" + (0..<Int.random(in: 0...6, using: &random)).map { _ in pieces.randomElement(using: &random)! }.joined() + "\""
    }

    static func number(_ random: inout Generator) -> String {
        switch Int.random(in: 0...11, using: &random) {
        case 0: String(Int.random(in: -1000...1000, using: &random))
        // Integers over all of Int64 (exact, not through a Double) and beyond it (a Double).
        case 1: String(Int64.random(in: .min ... .max, using: &random))
        case 2: String(Double.random(in: -1e6...1e6, using: &random))
        case 3: "\(Int.random(in: 1...9, using: &random))e\(Int.random(in: -5...12, using: &random))"
        case 4: "-0.\(Int.random(in: 0...999, using: &random))E+\(Int.random(in: 0...3, using: &random))"
        case 5: ["1234567890123", "9007199254740993", "9223372036854775807", "-9223372036854775808", "9223372036854775808",
                 "-9223372036854775809", "18446744073709551616", "123456789012345678901234567890", "-0", "-0.0", "1E+2",
                 "9007199254740993.0", "0.1e1", "4.9e-324", "1.7976931348623157e308", "2.2250738585072014e-308",
                 "0.30000000000000004", "123456789.123456789e-3"].randomElement(using: &random)!
        case 6: "0"
        case 7: String(Double.random(in: -1e300...1e300, using: &random))
        case 8: String(Double(Int64.random(in: .min ... .max, using: &random)))
        case 9: "\(UInt64.random(in: UInt64(Int64.max)...UInt64.max, using: &random))"
        case 10: "\(Int.random(in: 0...9, using: &random)).\(UInt64.random(in: 0...UInt64.max, using: &random))e\(Int.random(in: -30...30, using: &random))"
        default: "\(Int.random(in: 0...99_999_999, using: &random)).0"
        }
    }

    static func value(_ random: inout Generator, depth: Int = 0) -> String {
        switch Int.random(in: 0...(depth > 2 ? 5 : 7), using: &random) {
        case 0, 1: string(&random)
        case 2, 3: number(&random)
        case 4: ["true", "false"].randomElement(using: &random)!
        case 5: "null"
        case 6: "[" + (0..<Int.random(in: 0...3, using: &random)).map { _ in value(&random, depth: depth + 1) }.joined(separator: ",") + "]"
        default: object(&random, depth: depth + 1)
        }
    }

    static func object(_ random: inout Generator, depth: Int) -> String {
        var keys = Set<String>()
        var members: [String] = []
        for _ in 0..<Int.random(in: 0...8, using: &random) {
            let key = string(&random)
            // JSONDecoder and FlatJSON may keep different ones of a repeated key; PVE never repeats one.
            guard keys.insert(key).inserted else { continue }
            let space = [" ", "", "\n  "].randomElement(using: &random)!
            members.append(key + space + ":" + space + value(&random, depth: depth))
        }
        return "{" + members.joined(separator: ",") + "}"
    }

    static func document(_ random: inout Generator) -> String {
        let objects = (0..<Int.random(in: 0...6, using: &random)).map { _ in object(&random, depth: 0) }
        var members = [#""data": [\#(objects.joined(separator: ", "))]"#]
        if Bool.random(using: &random) { members.insert(#""success": \#(value(&random))"#, at: 0) }
        if Bool.random(using: &random) { members.append(#""total": \#(number(&random))"#) }
        return "{" + members.joined(separator: ",") + "}"
    }

    static func decoded(_ data: Data) -> [[String: JSONScalar]]? {
        try? JSONDecoder().decode(Envelope.self, from: data).data
    }

    static func fast(_ data: Data) -> [[String: JSONScalar]]? {
        try? FlatJSON.dataObjects([String: JSONScalar].self, from: data)
    }

    /// A model that lists its keys, as `ClusterResource` does: the reader matches them on bytes and skips the others unread.
    struct Picked: FlatJSONObject, Equatable {
        static let fields: FlatJSONFields? = FlatJSONFields(["a", "Z", "aa", "é", "Zürich", "qemu/101", "", "\"", "a\nZ"])
        var values: [String: JSONScalar] = [:]
        mutating func set(_ key: String, _ value: JSONScalar) { Issue.record("\(key) was read by name") }
        mutating func set(field: Int, _ value: JSONScalar) { values[Self.fields!.names[field]] = value }
        func validate() throws {}
    }

    static func picked(_ data: Data) -> [[String: JSONScalar]]? {
        try? FlatJSON.dataObjects(Picked.self, from: data).map(\.values)
    }

    static func picked(from elements: [[String: JSONScalar]]?) -> [[String: JSONScalar]]? {
        elements?.map { $0.filter { Picked.fields!.names.contains($0.key) } }
    }

    @Test("3,000 valid documents read the same through both, every key or only some", arguments: 0..<3)
    func validDocuments(seed: UInt64) {
        var random = Generator(seed: 0xF1A7 + seed)
        for _ in 0..<1000 {
            let json = Self.document(&random)
            let data = Data(json.utf8)
            let expected = Self.decoded(data)
            #expect(expected != nil, "JSONDecoder refused \(json)")
            #expect(Self.fast(data) == expected, "\(json)")
            #expect(Self.picked(data) == Self.picked(from: expected), "only some keys: \(json)")
        }
    }

    /// A document with one byte changed, cut short, or one byte inserted.
    static func damaged(_ document: [UInt8], _ random: inout Generator) -> [UInt8] {
        let alphabet = Array(#"{}[]":,\ -+.eE0123456789tfnrul"#.utf8)
        var bytes = document
        switch Int.random(in: 0...2, using: &random) {
        case 0 where !bytes.isEmpty: bytes[Int.random(in: 0..<bytes.count, using: &random)] = alphabet.randomElement(using: &random)!
        case 1 where !bytes.isEmpty: bytes.removeSubrange(Int.random(in: 0..<bytes.count, using: &random)...)
        default: bytes.insert(alphabet.randomElement(using: &random)!, at: Int.random(in: 0...bytes.count, using: &random))
        }
        return bytes
    }

    @Test("3,000 damaged documents: whatever FlatJSON reads, JSONDecoder reads the same", arguments: 0..<3)
    func damagedDocuments(seed: UInt64) {
        var random = Generator(seed: 0xBAD + seed)
        for _ in 0..<1000 {
            let bytes = Self.damaged(Array(Self.document(&random).utf8), &random)
            let data = Data(bytes)
            if let picked = Self.picked(data) {
                #expect(Self.picked(from: Self.decoded(data)) == picked, "only some keys: \(String(decoding: bytes, as: UTF8.self))")
            }
            guard let fast = Self.fast(data) else { continue }
            #expect(Self.decoded(data) == fast, "FlatJSON read what JSONDecoder does not: \(String(decoding: bytes, as: UTF8.self))")
        }
    }

    /// Keys of elements written alike: read ones and unread ones, plain, non-ASCII and escaped.
    static let alikeKeys = [#""a""#, #""Z""#, #""netin""#, #""aa""#, #""qemu/101""#, #""""#, #""cpu""#, #""Zürich""#, #""a\nZ""#,
                            #""uptime""#]

    /// Numbers as PVE writes them: CPU fractions of up to 19 digits, byte counts, and a few others.
    static func pveNumber(_ random: inout Generator) -> String {
        switch Int.random(in: 0...4, using: &random) {
        case 0: "0." + String(UInt64.random(in: 0...UInt64.max, using: &random)).prefix(Int.random(in: 1...19, using: &random))
        case 1: String(UInt64.random(in: 0...(1 << 45), using: &random))
        case 2: String(Double.random(in: 0...1, using: &random))
        case 3: "0.000" + String(UInt64.random(in: 1...999_999_999_999, using: &random))
        default: "-\(Int.random(in: 0...99, using: &random)).\(Int.random(in: 0...99_999, using: &random))"
        }
    }

    /// Elements written alike, as PVE writes them (the same keys in the same order, no whitespace),
    /// and now and then a key moved, left out or added, or whitespace around a colon.
    static func alikeDocument(_ random: inout Generator) -> String {
        let order = alikeKeys.shuffled(using: &random)
        let elements = (0..<Int.random(in: 1...6, using: &random)).map { _ in
            var keys = order
            if Int.random(in: 0...3, using: &random) == 0 {
                keys.swapAt(Int.random(in: 0..<keys.count, using: &random), Int.random(in: 0..<keys.count, using: &random))
            }
            if Int.random(in: 0...5, using: &random) == 0 { keys.remove(at: Int.random(in: 0..<keys.count, using: &random)) }
            if Int.random(in: 0...5, using: &random) == 0 { keys.insert(string(&random), at: Int.random(in: 0...keys.count, using: &random)) }
            var seen = Set<String>()
            let members = keys.filter { seen.insert($0).inserted }.map { key in
                let colon = Int.random(in: 0...15, using: &random) == 0 ? " : " : ":"
                let value = switch Int.random(in: 0...3, using: &random) {
                case 0: value(&random, depth: 2)
                case 1: "\"pve\(Int.random(in: 1...50, using: &random))\""
                default: pveNumber(&random)
                }
                return key + colon + value
            }
            return "{" + members.joined(separator: ",") + "}"
        }
        return #"{"data":["# + elements.joined(separator: ",") + "]}"
    }

    @Test("elements written alike, as PVE writes them, read the same as through JSONDecoder; damaged, never read otherwise",
          arguments: 0..<2)
    func alikeElements(seed: UInt64) {
        Self.validAndDamaged(seed: 0xA11C + seed, document: Self.alikeDocument,
                             expected: { Self.picked(from: Self.decoded($0)) }, read: Self.picked)
    }

    /// 1,500 documents, every other one damaged: a valid one reads as JSONDecoder reads it (`expected`), a damaged one,
    /// if FlatJSON reads it at all (`read`), too.
    static func validAndDamaged(seed: UInt64, document: (inout Generator) -> String,
                                expected: (Data) -> [[String: JSONScalar]]?, read: (Data) -> [[String: JSONScalar]]?) {
        var random = Generator(seed: seed)
        for round in 0..<1500 {
            var bytes = Array(document(&random).utf8)
            if round % 2 == 1 { bytes = damaged(bytes, &random) }
            let data = Data(bytes)
            let expected = expected(data)
            let read = read(data)
            if round % 2 == 0 {
                #expect(expected != nil, "JSONDecoder refused \(String(decoding: bytes, as: UTF8.self))")
                #expect(read == expected, "\(String(decoding: bytes, as: UTF8.self))")
            } else if let read {
                #expect(read == expected, "FlatJSON read what JSONDecoder does not: \(String(decoding: bytes, as: UTF8.self))")
            }
        }
    }

    @Test("a decimal of up to 19 digits after the point is the nearest Double, as strtod reads it")
    func decimalsAreCorrectlyRounded() {
        var random = Generator(seed: 0xDEC1)
        for round in 0..<200_000 {
            let places = Int.random(in: 1...19, using: &random)
            var significand = UInt64.random(in: 1...9_999_999_999_999_999_999, using: &random) >> UInt64.random(in: 0...60, using: &random)
            if round % 4 == 0 {
                // Multiples of 5^k for small k: values exactly halfway between two Doubles round to even.
                let five = [1, 5, 25, 125, 625][min(places, 4)]
                significand = max(1, significand / UInt64(five)) * UInt64(five)
            }
            guard significand > 0 else { continue }
            var digits = String(significand)
            while digits.count <= places { digits = "0" + digits }
            digits.insert(".", at: digits.index(digits.endIndex, offsetBy: -places))
            let expected = Double(digits)!
            #expect(DecimalToDouble.value(significand, tenToMinus: places).bitPattern == expected.bitPattern, "\(digits)")
        }
    }

    /// A model that reads members of objects one level deep, as the backup models read `verification.state`.
    struct Nested: FlatJSONObject, Equatable {
        static let fields: FlatJSONFields? = FlatJSONFields(["a", "o.a", "o.Z", "o.é", "é.\"", "Z"])
        var values: [String: JSONScalar] = [:]
        mutating func set(_ key: String, _ value: JSONScalar) { Issue.record("\(key) was read by name") }
        mutating func set(field: Int, _ value: JSONScalar) { values[Self.fields!.names[field]] = value }
        func validate() throws {}
    }

    /// A value as JSONDecoder reads it with an object's members kept one level deep.
    enum Member: Decodable, Equatable {
        case scalar(JSONScalar)
        case object([String: JSONScalar])

        init(from decoder: any Decoder) throws {
            if let object = try? decoder.singleValueContainer().decode([String: JSONScalar].self) {
                self = .object(object)
            } else {
                self = .scalar(try JSONScalar(from: decoder))
            }
        }
    }

    private struct MemberEnvelope: Decodable {
        var data: [[String: Member]]
    }

    /// What `Nested` should read, from JSONDecoder's reading.
    static func nested(from data: Data) -> [[String: JSONScalar]]? {
        guard let elements = try? JSONDecoder().decode(MemberEnvelope.self, from: data).data else { return nil }
        return elements.map { element in
            var values: [String: JSONScalar] = [:]
            for name in Nested.fields!.names {
                let parts = name.split(separator: ".", maxSplits: 1).map(String.init)
                switch (element[parts[0]], parts.count) {
                case (.scalar(let value)?, 1): values[name] = value
                case (.object?, 1): values[name] = .other
                case (.object(let members)?, 2): values[name] = members[parts[1]]
                default: break
                }
            }
            return values
        }
    }

    static func nestedDocument(_ random: inout Generator) -> String {
        func key(_ choices: [String]) -> String {
            Int.random(in: 0...4, using: &random) == 0 ? string(&random) : "\"\(choices.randomElement(using: &random)!)\""
        }
        func object(_ keys: [String], members: Bool) -> String {
            var seen = Set<String>()
            var parts: [String] = []
            for _ in 0..<Int.random(in: 0...6, using: &random) {
                let name = key(keys)
                guard seen.insert(name).inserted else { continue }
                let inner = members && ["\"o\"", "\"é\""].contains(name) && Int.random(in: 0...3, using: &random) > 0
                parts.append(name + ":" + (inner ? object(["a", "Z", "é", "\\\""], members: false) : value(&random, depth: 1)))
            }
            return "{" + parts.joined(separator: ", ") + "}"
        }
        return #"{"data": ["# + (0..<Int.random(in: 0...4, using: &random)).map { _ in object(["a", "o", "é", "Z"], members: true) }
            .joined(separator: ",") + "]}"
    }

    @Test("members of objects one level deep read the same as through JSONDecoder, damaged documents never read otherwise", arguments: 0..<2)
    func nestedMembers(seed: UInt64) {
        Self.validAndDamaged(seed: 0x0B1E + seed, document: Self.nestedDocument, expected: Self.nested(from:),
                             read: { try? FlatJSON.dataObjects(Nested.self, from: $0).map(\.values) })
    }
}
