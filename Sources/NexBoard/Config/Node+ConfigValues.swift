import Yams

extension Node {
    /// Whether the node is YAML's null: an unquoted empty value, `~` or `null`.
    var isConfigNull: Bool {
        guard case let .scalar(scalar) = self, scalar.style == .plain || scalar.style == .any else { return false }
        return ["", "~", "null", "Null", "NULL"].contains(scalar.string)
    }

    /// A word for the node's kind, for "expected ..., got a list" messages.
    var configKindName: String {
        switch self {
        case .scalar: "a single value"
        case .mapping: "a mapping"
        case .sequence: "a list"
        case .alias: "an alias"
        }
    }
}
