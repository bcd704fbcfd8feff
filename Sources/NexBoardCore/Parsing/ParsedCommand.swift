import Foundation

/// A typed option value. Guests, nodes, tags and storages stay text here: they are resolved
/// against the cluster by the dispatcher, which can suggest names that exist.
public enum ArgumentValue: Sendable, Equatable {
    case text(String)
    case integer(Int)
    case boolean(Bool)
    case duration(Duration)

    public var text: String? {
        if case let .text(value) = self { value } else { nil }
    }
}

/// A command line matched against the catalog, with validated arguments.
public struct ParsedCommand: Sendable, Equatable {
    public var spec: CommandSpec
    public var arguments: [String: ArgumentValue]

    public init(spec: CommandSpec, arguments: [String: ArgumentValue]) {
        self.spec = spec
        self.arguments = arguments
    }

    public func text(_ name: String) -> String? { arguments[name]?.text }

    public func integer(_ name: String) -> Int? {
        if case let .integer(value) = arguments[name] { value } else { nil }
    }

    public func flag(_ name: String) -> Bool {
        if case let .boolean(value) = arguments[name] { value } else { false }
    }

    public func duration(_ name: String) -> Duration? {
        if case let .duration(value) = arguments[name] { value } else { nil }
    }

    /// The command written back in canonical form, as stored in confirmations and the audit log.
    public var canonicalLine: String {
        var parts = [spec.name]
        for option in spec.allOptions {
            guard let value = arguments[option.name] else { continue }
            let rendered: String = switch value {
            case let .text(text): text
            case let .integer(number): String(number)
            case let .boolean(flag): String(flag)
            case let .duration(duration): DurationParser.format(duration)
            }
            parts.append("--\(option.name)")
            parts.append(Self.quoteIfNeeded(rendered))
        }
        return parts.joined(separator: " ")
    }

    private static func quoteIfNeeded(_ text: String) -> String {
        guard text.isEmpty || text.contains(where: { $0.isWhitespace || $0 == "\"" || $0 == "'" || $0 == "\\" }) else {
            return text
        }
        let escaped = text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
        return "\"\(escaped)\""
    }
}
