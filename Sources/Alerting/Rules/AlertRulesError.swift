import NexBoardCore

/// A rules file that cannot be used; each problem names its key.
public struct AlertRulesError: Error, UserFacingError, CustomStringConvertible {
    public var path: String
    public var problems: [String]

    public var description: String { "\(path): " + problems.joined(separator: "; ") }
    public var userMessage: String { "The alert rules file has problems: " + problems.joined(separator: "; ") }
}
