/*
 A fast reader for PVE's largest answers: `{"data": [{...}, {...}]}` where each element is a flat
 object of scalars (`/cluster/resources` of a big cluster is 10,000 such objects and 3.3 MB, read
 on every alert poll).

 Foundation's JSONDecoder spends most of its time per value (a keyed container per object, a
 dictionary lookup and a possible thrown error per field); this reads the bytes once and hands each
 field to the model, which reads it with the same lenient conversions as the Decodable path. A
 model that lists its keys (`fields`) gets each one by number: no String is made for a key, and
 the values of keys it does not read are checked and skipped, never built. What PVE writes (no
 whitespace, plain ASCII, every element with the same keys in the same order) is read in one loop:
 a key is compared whole, with its quote and colon, to the key the element before had in its place
 (two words), else found in a small hash table on its bytes; strings are scanned eight bytes at a
 time and short ones taken from those made before; numbers are read eight digits at a time, a
 fraction of up to 19 digits made a Double without `strtod` (`DecimalToDouble`); a string, an
 integer or a fraction reaches the model typed, anything else as a `JSONScalar`. Whitespace,
 escapes, non-ASCII and exponents go through the general readers, from the same byte. A nested
 object or array inside an element is skipped and read as `.other`, unless the model names members
 of it (`verification.state`, PBS's `verification: {state, upid}`): then those scalar members
 arrive as their fields, deeper values as `.other`.

 What it reads is what JSONDecoder reads into `[String: JSONScalar]` elements (differential fuzz
 tests hold it to that): integers exact over all of Int64, other numbers as the nearest Double (an
 integral one within ±2^53 as an integer, one out of Double's range as `.other`), of a repeated
 key the first value (a model that reads keys by name gets each value; PVE repeats none).
 Anything that is not valid JSON (invalid UTF-8 included) is refused with the byte offset.
 */
import Foundation

/// A model read field by field from a flat JSON object.
///
/// A model lists the keys it reads (`fields`) and implements `set(field:_:)`; or it lists none and
/// implements `set(_:_:)`, which then gets every key (as the tests' `[String: JSONScalar]` does).
protocol FlatJSONObject {
    /// The empty value fields are set on.
    init()
    /// The only keys the model reads, numbered by their place; nil: every key goes to `set(_:_:)`.
    static var fields: FlatJSONFields? { get }
    /// Sets field number `field` of `fields`.
    mutating func set(field: Int, _ value: JSONScalar)
    /// Sets field number `field` to a string, an integer, a number with a fraction: what PVE
    /// writes, handed over without a `JSONScalar` (a model converts as `JSONScalar`'s getters do).
    mutating func set(field: Int, string: String)
    mutating func set(field: Int, integer: Int64)
    mutating func set(field: Int, number: Double)
    /// Sets the field named `key`.
    mutating func set(_ key: String, _ value: JSONScalar)
    /// Throws when a required field was missing.
    func validate() throws
}

extension FlatJSONObject {
    static var fields: FlatJSONFields? { nil }
    mutating func set(field: Int, _ value: JSONScalar) {
        if let name = Self.fields?.names[field] { set(name, value) }
    }
    mutating func set(_ key: String, _ value: JSONScalar) {
        if let field = Self.fields?.names.firstIndex(of: key) { set(field: field, value) }
    }
    mutating func set(field: Int, string: String) { set(field: field, .string(string)) }
    mutating func set(field: Int, integer: Int64) { set(field: field, .int(integer)) }
    mutating func set(field: Int, number: Double) { set(field: field, .double(number)) }
}

/// The keys a model reads, found from a key's bytes without making a String of it.
///
/// A name with a dot (`verification.state`) is a member of an object one level deep: the object
/// under `verification` is read, its scalar members matched (deeper values arrive as `.other`).
struct FlatJSONFields: Sendable {
    /// The keys, in field number order.
    let names: [String]
    /// The object's own keys: a field number, or for a key whose object members are read, `-1 - ` its index in `members`.
    fileprivate let keys: KeyTable
    /// The member keys of each object read one level deep, matched to field numbers.
    fileprivate let members: [KeyTable]

    /// At most 64 keys and objects together.
    init(_ names: [String]) {
        var keys: [(name: String, code: Int)] = []
        var objects: [String] = []
        var members: [[(name: String, code: Int)]] = []
        for (field, name) in names.enumerated() {
            guard let dot = name.firstIndex(of: ".") else {
                keys.append((name, field))
                continue
            }
            let object = String(name[..<dot])
            let index = objects.firstIndex(of: object) ?? {
                objects.append(object)
                members.append([])
                keys.append((object, -objects.count))
                return objects.count - 1
            }()
            members[index].append((String(name[name.index(after: dot)...]), field))
        }
        precondition(names.count + objects.count <= 64, "FlatJSONFields holds at most 64 keys and objects")
        precondition(Set(keys.map(\.name)).count == keys.count, "a key is both a field and an object whose members are read")
        self.names = names
        self.keys = KeyTable(keys)
        self.members = members.map(KeyTable.init)
    }

    /// The bit a key's first value is marked with in an object's `seen` mask: its field number, objects after the fields.
    fileprivate func seenBit(_ code: Int) -> UInt64 {
        1 << (code >= 0 ? code : names.count - 1 - code)
    }
}

/// Keys matched on their bytes: an open-addressing table of each key's first 16 bytes (two
/// words), its length and its code; compared without a call, a String or a reference count.
fileprivate struct KeyTable: Sendable {
    private struct Entry {
        var head: UInt64
        var tail: UInt64
        var count: Int
        var code: Int
    }

    private static let slotCount = 128
    private let entries: [Entry]
    /// Entry index + 1 by hash slot; 0: empty.
    private let slots: [UInt8]
    /// UTF-8 of the keys longer than 16 bytes, by entry index (rare: compared whole).
    private let long: [Int: [UInt8]]

    init(_ keys: [(name: String, code: Int)]) {
        var slots = [UInt8](repeating: 0, count: Self.slotCount)
        var long: [Int: [UInt8]] = [:]
        entries = keys.enumerated().map { index, key in
            let utf8 = Array(key.name.utf8)
            if utf8.count > 16 { long[index] = utf8 }
            let (head, tail) = utf8.withUnsafeBufferPointer { Self.words($0.baseAddress, count: $0.count, readable: $0.count) }
            var slot = Self.slot(head: head, count: utf8.count)
            while slots[slot] != 0 { slot = (slot + 1) & (Self.slotCount - 1) }
            slots[slot] = UInt8(index + 1)
            return Entry(head: head, tail: tail, count: utf8.count, code: key.code)
        }
        self.slots = slots
        self.long = long
    }

    /// The code of the key of `count` bytes at `start`, nil when the model does not read it;
    /// `readable`: how many bytes from `start` may be read (16 or more: read as two words at once).
    @inline(__always)
    func code(_ start: UnsafePointer<UInt8>?, count: Int, readable: Int) -> Int? {
        let (head, tail) = Self.words(start, count: count, readable: readable)
        var slot = Self.slot(head: head, count: count)
        while case let stored = slots[slot], stored != 0 {
            let index = Int(stored) - 1
            let entry = entries[index]
            if entry.count == count, entry.head == head, entry.tail == tail, count <= 16 || isLong(index, start, count: count) {
                return entry.code
            }
            slot = (slot + 1) & (Self.slotCount - 1)
        }
        return nil
    }

    /// Whether the key of more than 16 bytes at `start` is the one of entry `index`.
    @inline(never)
    private func isLong(_ index: Int, _ start: UnsafePointer<UInt8>?, count: Int) -> Bool {
        long[index]?.elementsEqual(UnsafeBufferPointer(start: start, count: count)) ?? false
    }

    @inline(__always)
    private static func slot(head: UInt64, count: Int) -> Int {
        Int(truncatingIfNeeded: ((head ^ UInt64(truncatingIfNeeded: count)) &* 0x9E37_79B9_7F4A_7C15) >> 57)
    }

    /// The first 16 bytes, little-endian, zero-padded.
    @inline(__always)
    static func words(_ start: UnsafePointer<UInt8>?, count: Int, readable: Int) -> (UInt64, UInt64) {
        guard let start else { return (0, 0) }
        if readable >= 16 {
            let raw = UnsafeRawPointer(start)
            var head = UInt64(littleEndian: raw.loadUnaligned(as: UInt64.self))
            var tail = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self))
            if count < 8 {
                head &= (1 << (8 * count)) &- 1
                tail = 0
            } else if count < 16 {
                tail &= (1 << (8 * (count - 8))) &- 1
            }
            return (head, tail)
        }
        var head: UInt64 = 0
        var tail: UInt64 = 0
        for index in 0..<min(count, 8) { head |= UInt64(start[index]) << (8 * index) }
        if count > 8 {
            for index in 8..<min(count, 16) { tail |= UInt64(start[index]) << (8 * (index - 8)) }
        }
        return (head, tail)
    }
}

/// Plain ASCII strings of up to 15 bytes (the ones Swift keeps inline) made before, by a hash of
/// their bytes: finding one is cheaper than making it again (checking its bytes, packing them).
fileprivate struct RecentStrings {
    private struct Entry {
        var head: UInt64 = 0
        var tail: UInt64 = 0
        var count = -1
        var string = ""
    }

    private static let slotCount = 256
    private var entries = [Entry](repeating: Entry(), count: slotCount)

    /// The string of the `count` plain ASCII bytes at `start`; `readable`: how many bytes from `start` may be read.
    @inline(__always)
    mutating func string(_ start: UnsafePointer<UInt8>, count: Int, readable: Int) -> String {
        guard count <= 15 else { return Self.make(start, count: count) }
        let (head, tail) = KeyTable.words(start, count: count, readable: readable)
        let slot = Int(truncatingIfNeeded: ((head &+ tail &* 31 &+ UInt64(truncatingIfNeeded: count)) &* 0x9E37_79B9_7F4A_7C15) >> 56)
        if entries[slot].count == count, entries[slot].head == head, entries[slot].tail == tail { return entries[slot].string }
        let string = Self.make(start, count: count)
        entries[slot] = Entry(head: head, tail: tail, count: count, string: string)
        return string
    }

    private static func make(_ start: UnsafePointer<UInt8>, count: Int) -> String {
        String(decoding: UnsafeBufferPointer(start: start, count: count), as: UTF8.self)
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
        /// Short strings already made: PVE repeats node names, statuses, types and pools on every guest.
        private var recentStrings = RecentStrings()
        /// The keys of the last element read, by their place: PVE writes its elements' keys in the same order.
        private var expectedKeys = [ExpectedKey](repeating: ExpectedKey(), count: 32)

        /// A key's bytes with its closing quote and the colon (`vmid":`), at most 16, as two words; its field.
        struct ExpectedKey {
            var head: UInt64 = 0
            var tail: UInt64 = 0
            /// 0: none expected.
            var count = 0
            var code: Int?
        }

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
            let fields = T.fields
            repeat {
                let start = index
                // Read in place: an element is a few hundred bytes, not copied again.
                objects.append(T())
                if let fields {
                    try listedObject(fields, into: &objects[objects.count - 1])
                } else {
                    try flatObject(into: &objects[objects.count - 1])
                }
                do {
                    try objects[objects.count - 1].validate()
                } catch {
                    throw Failure(offset: start, reason: "\(error)")
                }
                if objects.count == 1 {
                    // The rest are about the first one's size (PVE writes elements alike, a running guest a little
                    // longer than a stopped one): one allocation with room to spare, no regrowth (pages of
                    // the room not used are never touched).
                    let size = index - start
                    if size >= 64 { objects.reserveCapacity(min((bytes.count - index) / size * 3 / 2 + 16, 1 << 20)) }
                }
            } while try consume(UInt8(ascii: ","))
            try expect(UInt8(ascii: "]"))
            return objects
        }

        /// An element of a model that reads every key by name.
        private mutating func flatObject<T: FlatJSONObject>(into object: inout T) throws {
            try expect(UInt8(ascii: "{"))
            if try consume(UInt8(ascii: "}")) { return }
            repeat {
                let key = try string()
                try expect(UInt8(ascii: ":"))
                object.set(key, try scalar())
            } while try consume(UInt8(ascii: ","))
            try expect(UInt8(ascii: "}"))
        }

        /// An element of a model that lists its keys. What PVE writes (no whitespace, plain ASCII
        /// keys and strings, numbers without an exponent) is read here in one loop on a local
        /// index; anything else (whitespace, escapes, non-ASCII, exponents, nested values) by the
        /// general readers, from the same byte.
        private mutating func listedObject<T: FlatJSONObject>(_ fields: FlatJSONFields, into object: inout T) throws {
            try expect(UInt8(ascii: "{"))
            if try consume(UInt8(ascii: "}")) { return }
            guard let base = bytes.baseAddress else { throw failure("unexpected end of input") }
            let end = bytes.count
            let keys = fields.keys
            // A repeated key: its first value counts, as in JSONDecoder.
            var seen: UInt64 = 0
            var position = 0
            while true {
                var code: Int?
                if index < end, base[index] == UInt8(ascii: "\"") {
                    // The key the element before had here, with its closing quote and the colon: one compare of two words.
                    if position < expectedKeys.count, case let expected = expectedKeys[position], expected.count > 0,
                       end &- index > 16, KeyTable.words(base + (index &+ 1), count: expected.count, readable: 16) == (expected.head, expected.tail) {
                        code = expected.code
                        index &+= 1 &+ expected.count
                    } else if let close = Self.plainEnd(base, end, from: index &+ 1) {
                        code = keys.code(base + (index &+ 1), count: close &- index &- 1, readable: end &- index &- 1)
                        if position < expectedKeys.count, close &+ 1 < end, base[close &+ 1] == UInt8(ascii: ":"),
                           case let count = close &- index &+ 1, count <= 16 {
                            let (head, tail) = KeyTable.words(base + (index &+ 1), count: count, readable: end &- index &- 1)
                            expectedKeys[position] = ExpectedKey(head: head, tail: tail, count: count, code: code)
                        }
                        index = close &+ 1
                        if base[index] == UInt8(ascii: ":") { index &+= 1 } else { try expect(UInt8(ascii: ":")) }
                    } else {
                        code = try key(in: keys)
                        try expect(UInt8(ascii: ":"))
                    }
                } else {
                    code = try key(in: keys)
                    try expect(UInt8(ascii: ":"))
                }
                position &+= 1
                if let code, case let bit = fields.seenBit(code), seen & bit == 0 {
                    seen |= bit
                    if code >= 0 {
                        try read(field: code, into: &object, base, end)
                    } else if try peek() == UInt8(ascii: "{") {
                        try members(in: fields.members[-1 - code], into: &object, seen: &seen, fields: fields)
                    } else {
                        try skipValue()
                    }
                } else {
                    try fastSkip(base, end)
                }
                if index < end {
                    if base[index] == UInt8(ascii: ",") {
                        index &+= 1
                        continue
                    }
                    if base[index] == UInt8(ascii: "}") {
                        index &+= 1
                        return
                    }
                }
                if try consume(UInt8(ascii: ",")) { continue }
                try expect(UInt8(ascii: "}"))
                return
            }
        }

        /// Reads field `code`'s value: plain strings and numbers without an exponent here, the rest by `scalar()`.
        @inline(__always)
        private mutating func read<T: FlatJSONObject>(field code: Int, into object: inout T, _ base: UnsafePointer<UInt8>,
                                                      _ end: Int) throws {
            if index < end {
                let byte = base[index]
                if byte == UInt8(ascii: "\""), let close = Self.plainEnd(base, end, from: index &+ 1) {
                    object.set(field: code, string: recentStrings.string(base + (index &+ 1), count: close &- index &- 1,
                                                                         readable: end &- index &- 1))
                    index = close &+ 1
                    return
                }
                if byte &- UInt8(ascii: "0") < 10 || byte == UInt8(ascii: "-"), let (value, next) = Self.plainNumber(base, end, from: index) {
                    index = next
                    switch value {
                    case .int(let integer): object.set(field: code, integer: integer)
                    case .double(let number): object.set(field: code, number: number)
                    default: object.set(field: code, value)
                    }
                    return
                }
            }
            object.set(field: code, try scalar())
        }

        /// Steps over a value the model does not read: plain strings and numbers here, the rest by `skipValue()`.
        @inline(__always)
        private mutating func fastSkip(_ base: UnsafePointer<UInt8>, _ end: Int) throws {
            if index < end {
                let byte = base[index]
                if byte == UInt8(ascii: "\""), let close = Self.plainEnd(base, end, from: index &+ 1) {
                    index = close &+ 1
                    return
                }
                if byte &- UInt8(ascii: "0") < 10, let next = Self.plainDigitsEnd(base, end, from: index) {
                    index = next
                    return
                }
            }
            try skipValue()
        }

        /// Where the string whose first byte is at `from` ends (its closing quote), when it is
        /// plain: ASCII, no escape, no control character, within 8-byte steps of the input. Nil: read it the general way.
        @inline(__always)
        private static func plainEnd(_ base: UnsafePointer<UInt8>, _ end: Int, from: Int) -> Int? {
            var at = from
            while at &+ 8 <= end {
                let special = Self.special(Self.word(at: base + at))
                if special != 0 {
                    at &+= special.trailingZeroBitCount >> 3
                    return base[at] == UInt8(ascii: "\"") ? at : nil
                }
                at &+= 8
            }
            return nil
        }

        /// The end of a non-negative integer with no leading zero (`0`, `4096`) that is followed by
        /// a byte that cannot continue a number; nil: anything else (read it the general way).
        @inline(__always)
        private static func plainDigitsEnd(_ base: UnsafePointer<UInt8>, _ end: Int, from: Int) -> Int? {
            var at = from
            while at &+ 8 <= end, Self.eightDigits(Self.word(at: base + at)) { at &+= 8 }
            while at < end, base[at] &- UInt8(ascii: "0") < 10 { at &+= 1 }
            guard at < end, at &- from == 1 || base[from] != UInt8(ascii: "0") else { return nil }
            switch base[at] {
            case UInt8(ascii: "."), UInt8(ascii: "e"), UInt8(ascii: "E"): return nil
            default: return at
            }
        }

        /// A number of at most 19 digits without an exponent (`-12`, `0.16040300664753065`), its
        /// value as `number()` reads it, and where it ends; nil: read it the general way.
        @inline(__always)
        private static func plainNumber(_ base: UnsafePointer<UInt8>, _ end: Int, from: Int) -> (JSONScalar, Int)? {
            var at = from
            let negative = base[at] == UInt8(ascii: "-")
            if negative { at &+= 1 }
            let digitsStart = at
            var significand: UInt64 = 0
            // Eight digits at a time while at most 19 are read (they always fit).
            while at &- digitsStart &+ 8 <= 19, at &+ 8 <= end, case let word = Self.word(at: base + at), Self.eightDigits(word) {
                significand = significand &* 100_000_000 &+ Self.eightDigitsValue(word)
                at &+= 8
            }
            while at < end, case let digit = base[at] &- UInt8(ascii: "0"), digit < 10 {
                significand = significand &* 10 &+ UInt64(digit)
                at &+= 1
            }
            var digits = at &- digitsStart
            guard digits > 0, digits == 1 || base[digitsStart] != UInt8(ascii: "0"), at < end else { return nil }
            var fraction = 0
            if base[at] == UInt8(ascii: ".") {
                at &+= 1
                let fractionStart = at
                while digits &+ at &- fractionStart &+ 8 <= 19, at &+ 8 <= end, case let word = Self.word(at: base + at), Self.eightDigits(word) {
                    significand = significand &* 100_000_000 &+ Self.eightDigitsValue(word)
                    at &+= 8
                }
                while at < end, case let digit = base[at] &- UInt8(ascii: "0"), digit < 10 {
                    significand = significand &* 10 &+ UInt64(digit)
                    at &+= 1
                }
                fraction = at &- fractionStart
                digits &+= fraction
                guard fraction > 0, at < end else { return nil }
            }
            // 19 digits always fit in a UInt64; an exponent is read the general way.
            guard digits <= 19, base[at] != UInt8(ascii: "e"), base[at] != UInt8(ascii: "E") else { return nil }
            if fraction == 0 {
                if !negative, significand <= UInt64(Int64.max) { return (.int(Int64(significand)), at) }
                if negative, significand <= UInt64(Int64.max) + 1 { return (.int(Int64(truncatingIfNeeded: 0 &- significand)), at) }
                return nil
            }
            let magnitude = significand < 1 << 53 ? Double(significand) / Self.exactPowersOfTen[fraction]
                : DecimalToDouble.value(significand, tenToMinus: fraction)
            let value = negative ? -magnitude : magnitude
            if let integer = Int64(exactly: value) {
                // Beyond ±2^53 an integral value with a fraction is JSONDecoder's Decimal rounding: `number()` has it.
                return value.magnitude < 0x1p53 ? (.int(integer), at) : nil
            }
            return (.double(value), at)
        }

        /// The scalar members of an object one level deep that the model reads (`verification.state`).
        private mutating func members<T: FlatJSONObject>(in table: KeyTable, into object: inout T, seen: inout UInt64,
                                                         fields: FlatJSONFields) throws {
            try expect(UInt8(ascii: "{"))
            if try consume(UInt8(ascii: "}")) { return }
            repeat {
                let code = try key(in: table)
                try expect(UInt8(ascii: ":"))
                if let code, case let bit = fields.seenBit(code), seen & bit == 0 {
                    seen |= bit
                    object.set(field: code, try scalar())
                } else {
                    try skipValue()
                }
            } while try consume(UInt8(ascii: ","))
            try expect(UInt8(ascii: "}"))
        }

        /// Reads a key and finds it in `table`, on its bytes.
        @inline(__always)
        private mutating func key(in table: KeyTable) throws -> Int? {
            let key = try stringToken()
            if key.escaped {
                return unescaped.withUnsafeBufferPointer { table.code($0.baseAddress, count: $0.count, readable: $0.count) }
            }
            return table.code(bytes.baseAddress.map { $0 + key.start }, count: key.end - key.start, readable: bytes.count - key.start)
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
            default: try skipNumber()
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
            if let base = bytes.baseAddress {
                // Eight bytes at a time up to the first quote, backslash, control character or non-ASCII byte:
                // when that is the closing quote, the string is plain ASCII and ends there.
                while index &+ 8 <= bytes.count {
                    let special = Self.special(UInt64(littleEndian: UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self)))
                    guard special == 0 else {
                        index &+= special.trailingZeroBitCount >> 3
                        guard bytes[index] == UInt8(ascii: "\"") else { break }
                        index &+= 1
                        return StringToken(start: start, end: index &- 1, escaped: false)
                    }
                    index &+= 8
                }
            }
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

        /// The high bit of each of a word's eight bytes that ends or escapes a string, is a control
        /// character or is non-ASCII; the lowest one set is exact (higher ones may be set falsely, by a borrow).
        @inline(__always)
        private static func special(_ word: UInt64) -> UInt64 {
            let ones: UInt64 = 0x0101_0101_0101_0101
            let highs: UInt64 = 0x8080_8080_8080_8080
            let quote = word ^ 0x2222_2222_2222_2222
            let backslash = word ^ 0x5C5C_5C5C_5C5C_5C5C
            // A byte below 0x20 (or a zero byte of `quote`, `backslash`) sets its high bit in `x - 0x20…` but not in `x`.
            let special = ((quote &- ones) & ~quote) | ((backslash &- ones) & ~backslash) | ((word &- 0x2020_2020_2020_2020) & ~word)
            return (special | word) & highs
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

        /// Checks a number's grammar and steps over it, as `number()` would refuse it.
        private mutating func skipNumber() throws {
            if bytes[index] == UInt8(ascii: "-") { index += 1 }
            let digitsStart = index
            skipDigits()
            guard index > digitsStart else { throw failure("expected a value") }
            if bytes[digitsStart] == UInt8(ascii: "0"), index - digitsStart > 1 { throw failure("leading zero in a number") }
            if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
                index += 1
                let fraction = index
                skipDigits()
                guard index > fraction else { throw failure("expected digits after the decimal point") }
            }
            if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
                index += 1
                if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
                let exponent = index
                skipDigits()
                guard index > exponent else { throw failure("expected digits in the exponent") }
            }
        }

        @inline(__always)
        private mutating func skipDigits() {
            if let base = bytes.baseAddress {
                while index &+ 8 <= bytes.count, Self.eightDigits(Self.word(at: base + index)) { index &+= 8 }
            }
            while index < bytes.count, bytes[index] &- UInt8(ascii: "0") < 10 { index += 1 }
        }

        /// Eight bytes, the first the lowest.
        @inline(__always)
        private static func word(at address: UnsafePointer<UInt8>) -> UInt64 {
            UInt64(littleEndian: UnsafeRawPointer(address).loadUnaligned(as: UInt64.self))
        }

        /// Whether all eight bytes are ASCII digits: each is 0x3_, and still 0x3_ with 6 added.
        @inline(__always)
        private static func eightDigits(_ word: UInt64) -> Bool {
            let nibbles: UInt64 = 0xF0F0_F0F0_F0F0_F0F0
            let threes: UInt64 = 0x3030_3030_3030_3030
            return word & nibbles == threes && (word &+ 0x0606_0606_0606_0606) & nibbles == threes
        }

        /// The value of eight ASCII digits (the first the most significant): pairs of digits, then
        /// pairs of pairs, then the two halves, each step within lanes that cannot carry.
        @inline(__always)
        private static func eightDigitsValue(_ word: UInt64) -> UInt64 {
            let digits = word &- 0x3030_3030_3030_3030
            let pairs = (digits &* 10 &+ digits >> 8) & 0x00FF_00FF_00FF_00FF
            let quads = (pairs &* 100 &+ pairs >> 16) & 0x0000_FFFF_0000_FFFF
            return (quads & 0xFFFF_FFFF) &* 10_000 &+ quads >> 32
        }

        /// Powers of ten a Double holds exactly.
        private static let exactPowersOfTen: [Double] = (0...22).map { (0..<$0).reduce(1.0) { value, _ in value * 10 } }

        /// Reads decimal digits into `value` while it fits; `exact` goes false when one no longer does.
        private mutating func digits(into value: inout UInt64, exact: inout Bool) {
            if exact, let base = bytes.baseAddress {
                // Eight digits at a time while they fit; the rest, and an overflow, one by one below.
                while index &+ 8 <= bytes.count, case let word = Self.word(at: base + index), Self.eightDigits(word) {
                    let (scaled, overflowed) = value.multipliedReportingOverflow(by: 100_000_000)
                    let (sum, carried) = scaled.addingReportingOverflow(Self.eightDigitsValue(word))
                    guard !overflowed, !carried else { break }
                    value = sum
                    index &+= 8
                }
            }
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

        @inline(__always)
        private mutating func skipWhitespace() {
            while index < bytes.count {
                switch bytes[index] {
                case 0x20, 0x0A, 0x0D, 0x09: index += 1
                default: return
                }
            }
        }

        @inline(__always)
        private mutating func peek() throws -> UInt8 {
            skipWhitespace()
            guard index < bytes.count else { throw failure("unexpected end of input") }
            return bytes[index]
        }

        @inline(__always)
        private mutating func consume(_ byte: UInt8) throws -> Bool {
            guard try peek() == byte else { return false }
            index += 1
            return true
        }

        @inline(__always)
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
