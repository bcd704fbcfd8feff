/// A platform identity a role can be bound to (`console:local`, `<platform>:<user id>`...). Core
/// knows no platform: each one registers how its identities read with a `SubjectForm`.
public struct Subject: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The part before the colon: a platform's kind of identity (a user, a role, a workspace).
    public struct Kind: RawRepresentable, Sendable, Hashable, Codable, ExpressibleByStringLiteral, CustomStringConvertible {
        public let rawValue: String

        public init(rawValue: String) {
            self.rawValue = rawValue
        }

        public init(stringLiteral value: String) {
            self.init(rawValue: value)
        }

        public var description: String { rawValue }
    }

    public let kind: Kind
    public let identifier: String

    public init(kind: Kind, identifier: String) {
        self.kind = kind
        self.identifier = identifier
    }

    public var description: String { "\(kind.rawValue):\(identifier)" }
}

/// How one kind of identity reads, as its platform registers it: `slack:<user id>` is the kind
/// `slack` with identifiers of capital letters and digits.
public struct SubjectForm: Sendable {
    public var kind: Subject.Kind
    /// `slack:<user id>`, for messages that say what is expected.
    public var example: String
    private let accepts: @Sendable (String) -> Bool

    public init(kind: Subject.Kind, example: String, accepts: @escaping @Sendable (_ identifier: String) -> Bool) {
        self.kind = kind
        self.example = example
        self.accepts = accepts
    }

    public func accepts(_ identifier: String) -> Bool {
        !identifier.isEmpty && !identifier.contains(where: \.isWhitespace) && accepts(identifier)
    }
}

/// The identity forms of every platform this NexBoard knows, for reading bindings and `audit --user`.
public struct SubjectForms: Sendable {
    public let forms: [SubjectForm]

    public init(_ forms: [SubjectForm]) {
        self.forms = forms
    }

    /// Parses `kind:identifier`; nil when the kind is unknown or the identifier malformed.
    public func subject(_ text: String) -> Subject? {
        guard let colon = text.firstIndex(of: ":") else { return nil }
        let kind = Subject.Kind(rawValue: String(text[..<colon]))
        let identifier = String(text[text.index(after: colon)...])
        guard let form = forms.first(where: { $0.kind == kind }), form.accepts(identifier) else { return nil }
        return Subject(kind: kind, identifier: identifier)
    }

    /// "console:local, slack:<user id> or matrix:@user:server", for error messages.
    public var expected: String {
        let examples = forms.map(\.example)
        guard examples.count > 1 else { return examples.first ?? "kind:identifier" }
        return examples.dropLast().joined(separator: ", ") + " or " + examples[examples.count - 1]
    }
}
