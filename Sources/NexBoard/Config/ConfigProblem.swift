/// One thing wrong with a configuration file: where (`clusters[1].timeout`) and what, including the
/// expected form. Never contains a secret's value.
public struct ConfigProblem: Sendable, Equatable, CustomStringConvertible {
    /// The key path of the offending value, such as `clusters[1].timeout`; empty for the file as a whole.
    public var keyPath: String
    /// What is wrong and what was expected.
    public var message: String

    public init(keyPath: String, message: String) {
        self.keyPath = keyPath
        self.message = message
    }

    /// `clusters[1].timeout: expected a duration like 30s, 5m or 1h, got "10x"`.
    public var description: String {
        keyPath.isEmpty ? message : "\(keyPath): \(message)"
    }
}
