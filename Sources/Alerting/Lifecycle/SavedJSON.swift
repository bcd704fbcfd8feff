import Foundation
import NexBoardCore

/// Writes the JSON of an alert state as `JSONEncoder` does (the same keys, `Date`s as seconds since
/// 2001, absent optionals left out), so `JSONDecoder` reads it back; without the encoder's cost per
/// value, which a cycle that saves hundreds of states at 10,000 guests pays hundreds of times.
struct SavedJSON {
    private var bytes: [UInt8] = []
    var text: String { String(decoding: bytes, as: UTF8.self) }
    /// False when a number was not finite (`JSONEncoder` refuses those too).
    private(set) var isValid = true
    private var first = true

    init() {
        bytes.reserveCapacity(512)
    }

    mutating func object(_ body: (inout SavedJSON) -> Void) {
        bytes.append(UInt8(ascii: "{"))
        let outer = first
        first = true
        body(&self)
        first = outer
        bytes.append(UInt8(ascii: "}"))
    }

    mutating func field(_ name: String, object body: (inout SavedJSON) -> Void) {
        key(name)
        object(body)
    }

    mutating func field(_ name: String, _ value: String?) {
        guard let value else { return }
        key(name)
        string(value)
    }

    mutating func field(_ name: String, _ value: Double?) {
        guard let value else { return }
        key(name)
        number(value)
    }

    mutating func field(_ name: String, _ value: Date?) {
        field(name, value?.timeIntervalSinceReferenceDate)
    }

    mutating func field(_ name: String, _ value: Bool) {
        key(name)
        bytes.appendJSONBool(value)
    }

    mutating func field(_ name: String, _ values: [String]) {
        key(name)
        bytes.append(UInt8(ascii: "["))
        for (index, value) in values.enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            string(value)
        }
        bytes.append(UInt8(ascii: "]"))
    }

    mutating func field(_ name: String, _ values: [Date]) {
        key(name)
        bytes.append(UInt8(ascii: "["))
        for (index, value) in values.enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            number(value.timeIntervalSinceReferenceDate)
        }
        bytes.append(UInt8(ascii: "]"))
    }

    private mutating func key(_ name: String) {
        if !first { bytes.append(UInt8(ascii: ",")) }
        first = false
        string(name)
        bytes.append(UInt8(ascii: ":"))
    }

    private mutating func number(_ value: Double) {
        if !value.isFinite { isValid = false }
        bytes.appendJSONNumber(value)
    }

    private mutating func string(_ value: String) {
        bytes.appendJSONString(value)
    }
}
