import GRDB
import NexBoardCore

/// Why the store could not be opened or written.
public enum StoreError: UserFacingError, CustomStringConvertible {
    /// What keeps the database from taking a write, in words safe to show on `/healthz`.
    public enum WriteProblem: Sendable, Equatable, CustomStringConvertible {
        /// No room: the disk is full, or the database reached its size limit.
        case full
        /// The file, its folder or the file system does not allow writing.
        case readOnly
        /// Another process holds the database longer than the busy timeout.
        case locked
        /// Any other SQLite failure (I/O error, corruption...), by its primary result code.
        case failed(code: Int32)

        /// Sorts a GRDB error; anything that is not a `DatabaseError` is `.failed(code: 0)`.
        init(_ error: any Error) {
            guard let error = error as? DatabaseError else {
                self = .failed(code: 0)
                return
            }
            switch error.resultCode {
            case .SQLITE_FULL: self = .full
            case .SQLITE_READONLY, .SQLITE_CANTOPEN, .SQLITE_PERM: self = .readOnly
            case .SQLITE_BUSY, .SQLITE_LOCKED: self = .locked
            default: self = .failed(code: error.resultCode.rawValue)
            }
        }

        public var description: String {
            switch self {
            case .full: "the database is full"
            case .readOnly: "the database is read-only"
            case .locked: "the database is locked by another process"
            case .failed(let code): "the database cannot be written (SQLite error \(code))"
            }
        }
    }

    /// The database directory or file could not be created, opened or migrated.
    case openFailed(path: String, reason: String)
    /// A write the caller must not go on without failed: an audit intent, the write probe.
    case unwritable(WriteProblem)
    /// `AuditLog.finish` was given an id that is not in the log.
    case auditEntryNotFound(Int64)

    public var description: String {
        switch self {
        case .openFailed(let path, let reason): "cannot open the database at \(path): \(reason)"
        case .unwritable(let problem): "\(problem)"
        case .auditEntryNotFound(let id): "no audit entry with id \(id)"
        }
    }

    public var userMessage: String {
        switch self {
        case .openFailed, .auditEntryNotFound:
            "The bot's database is unavailable right now."
        case .unwritable(let problem):
            "Nothing was done: the bot cannot write its audit log (\(problem)). An admin can check /healthz."
        }
    }
}
