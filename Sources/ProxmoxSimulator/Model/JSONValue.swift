/// A JSON value with ordered object keys, serialised by hand so that large answers
/// (`/cluster/resources` with 10,000 guests) are encoded quickly.
enum JSONValue: Sendable {
    case null
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)
    case array([JSONValue])
    case object([(String, JSONValue)])
    /// JSON text written once and copied into answers as it is: a cached part of a large answer.
    case encoded([UInt8])

    /// PVE encodes booleans as the integers 0 and 1.
    static func flag(_ value: Bool) -> JSONValue { .int(value ? 1 : 0) }

    /// Serialises the value as compact JSON bytes.
    func serialized(reservingCapacity capacity: Int = 256) -> [UInt8] {
        var writer = JSONWriter()
        writer.bytes.reserveCapacity(capacity)
        writer.write(self)
        return writer.bytes
    }

    /// The value written once, as `.encoded` JSON text.
    var encoded: JSONValue { .encoded(serialized()) }
}

extension JSONValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral,
    ExpressibleByNilLiteral, ExpressibleByArrayLiteral, ExpressibleByBooleanLiteral
{
    init(stringLiteral value: String) { self = .string(value) }
    init(integerLiteral value: Int) { self = .int(value) }
    init(floatLiteral value: Double) { self = .double(value) }
    init(nilLiteral: ()) { self = .null }
    init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
    init(booleanLiteral value: Bool) { self = .bool(value) }
}
