/// A platform identity a role can be bound to: `console:local`, `discord:<user id>`,
/// `discord-role:<role id>`, `slack:<user id>`, `matrix:@user:server`.
public struct Subject: Sendable, Hashable, Codable, CustomStringConvertible {
    public enum Kind: String, Sendable, CaseIterable, Codable {
        case console
        case discord
        case discordRole = "discord-role"
        case slack
        case matrix
    }

    public let kind: Kind
    public let identifier: String

    public init(kind: Kind, identifier: String) {
        self.kind = kind
        self.identifier = identifier
    }

    /// Parses `kind:identifier`; returns nil when the kind is unknown or the identifier is malformed.
    public init?(_ text: String) {
        guard let colon = text.firstIndex(of: ":") else { return nil }
        guard let kind = Kind(rawValue: String(text[..<colon])) else { return nil }
        let identifier = String(text[text.index(after: colon)...])
        guard Self.isValid(identifier: identifier, for: kind) else { return nil }
        self.init(kind: kind, identifier: identifier)
    }

    public var description: String { "\(kind.rawValue):\(identifier)" }

    /// The accepted form of each kind, for error messages.
    public static let expectedForm = "console:local, discord:<user id>, discord-role:<role id>, slack:<user id> or matrix:@user:server"

    private static func isValid(identifier: String, for kind: Kind) -> Bool {
        guard !identifier.isEmpty, !identifier.contains(where: \.isWhitespace) else { return false }
        switch kind {
        case .console:
            return identifier.allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }
        case .discord, .discordRole:
            return identifier.allSatisfy(\.isASCIIDigit)
        case .slack:
            return identifier.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) }
        case .matrix:
            guard identifier.hasPrefix("@"), let colon = identifier.firstIndex(of: ":") else { return false }
            return colon > identifier.index(after: identifier.startIndex) && colon < identifier.index(before: identifier.endIndex)
        }
    }
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}
