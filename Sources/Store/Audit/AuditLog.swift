/// The append-only record of every action asked for through chat.
public protocol AuditLog: Sendable {
    /// Appends `entry` (its `id` is ignored; the store assigns one).
    func record(_ entry: AuditEntry) async throws
    /// The newest entries first, at most `limit`, optionally only those of one subject and/or one result.
    func recent(limit: Int, subject: String?, result: AuditResult?) async throws -> [AuditEntry]
}
