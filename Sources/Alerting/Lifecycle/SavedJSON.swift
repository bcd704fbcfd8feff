import Foundation

/// Writes the JSON of an alert state as `JSONEncoder` does (the same keys, `Date`s as seconds since
/// 2001, absent optionals left out), so `JSONDecoder` reads it back; without the encoder's cost per
/// value, which a cycle that saves hundreds of states at 10,000 guests pays hundreds of times.
struct SavedJSON {
    private(set) var text = ""
    /// False when a number was not finite (`JSONEncoder` refuses those too).
    private(set) var isValid = true
    private var first = true

    init() {
        text.reserveCapacity(512)
    }

    mutating func object(_ body: (inout SavedJSON) -> Void) {
        text.append("{")
        let outer = first
        first = true
        body(&self)
        first = outer
        text.append("}")
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
        text.append(value ? "true" : "false")
    }

    mutating func field(_ name: String, _ values: [String]) {
        key(name)
        text.append("[")
        for (index, value) in values.enumerated() {
            if index > 0 { text.append(",") }
            string(value)
        }
        text.append("]")
    }

    mutating func field(_ name: String, _ values: [Date]) {
        key(name)
        text.append("[")
        for (index, value) in values.enumerated() {
            if index > 0 { text.append(",") }
            number(value.timeIntervalSinceReferenceDate)
        }
        text.append("]")
    }

    private mutating func key(_ name: String) {
        if !first { text.append(",") }
        first = false
        string(name)
        text.append(":")
    }

    private mutating func number(_ value: Double) {
        guard value.isFinite else {
            isValid = false
            text.append("0")
            return
        }
        // The shortest text that reads back as the same Double ("816692000.0", "1e-05"): valid JSON.
        text.append(value.description)
    }

    private mutating func string(_ value: String) {
        text.append("\"")
        if value.utf8.allSatisfy({ $0 >= 0x20 && $0 != UInt8(ascii: "\"") && $0 != UInt8(ascii: "\\") }) {
            text.append(value)
        } else {
            for scalar in value.unicodeScalars {
                switch scalar {
                case "\"": text.append("\\\"")
                case "\\": text.append("\\\\")
                case "\n": text.append("\\n")
                case "\r": text.append("\\r")
                case "\t": text.append("\\t")
                case _ where scalar.value < 0x20:
                    let hex = String(scalar.value, radix: 16)
                    text.append("\\u" + String(repeating: "0", count: 4 - hex.count) + hex)
                default: text.unicodeScalars.append(scalar)
                }
            }
        }
        text.append("\"")
    }
}
