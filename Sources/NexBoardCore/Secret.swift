/// A secret value (token, password, shared key) that never prints itself.
///
/// `description`, `debugDescription` and string interpolation all show `<redacted>`; only `value`
/// gives the secret, and only code that sends it somewhere should read it.
public struct Secret: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible {
    public let value: String

    public init(_ value: String) {
        self.value = value
    }

    public var isEmpty: Bool { value.isEmpty }
    public var description: String { "<redacted>" }
    public var debugDescription: String { "Secret(<redacted>)" }
}

extension Secret {
    /// Whether `candidate` equals the secret, compared in constant time: how long it takes does not
    /// tell where the first difference is (shared secrets and bearer tokens sent by callers).
    public func matches(_ candidate: String) -> Bool {
        let expected = Array(value.utf8), given = Array(candidate.utf8)
        var difference = UInt8(expected.count == given.count ? 0 : 1)
        for index in 0..<max(expected.count, given.count) {
            difference |= (index < expected.count ? expected[index] : 0) ^ (index < given.count ? given[index] : 0)
        }
        return difference == 0
    }
}
