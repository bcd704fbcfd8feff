import NexBoardCore

/// Why the store could not be opened.
public enum StoreError: UserFacingError, CustomStringConvertible {
    /// The database directory or file could not be created, opened or migrated.
    case openFailed(path: String, reason: String)

    public var description: String {
        switch self {
        case .openFailed(let path, let reason): "cannot open the database at \(path): \(reason)"
        }
    }

    public var userMessage: String {
        "The bot's database is unavailable right now."
    }
}
