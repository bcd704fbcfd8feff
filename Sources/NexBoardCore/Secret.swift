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
