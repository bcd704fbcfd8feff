import Foundation

/// The record of every action asked for through chat.
///
/// A state-changing action is written twice: `begin` before the call to Proxmox (when it throws,
/// the action must not run), `finish` once it ended. An intent whose outcome was never written (the
/// process died mid-action) stays visible with the result `.started`. Entries older than the
/// configured retention are deleted by `prune`.
public protocol AuditLog: Sendable {
    /// Appends `entry` (its `id` is ignored; the store assigns one).
    func record(_ entry: AuditEntry) async throws
    /// Writes the entry as an intent (result `.started`, whatever `entry.result` says) before the
    /// action; returns its id.
    ///
    /// Throws `StoreError.unwritable` when the database cannot take the row (full, read-only,
    /// locked); its `userMessage` tells the user that nothing was done.
    func begin(_ entry: AuditEntry) async throws -> Int64
    /// Completes an intent: result, detail, target, task, cluster as the action ended. A nil
    /// `detail`, `target`, `upid` or `cluster` keeps what `begin` wrote.
    ///
    /// Throws `StoreError.auditEntryNotFound` for an id that is not in the log (pruned, or never begun).
    func finish(_ id: Int64, result: AuditResult, detail: String?, target: String?, upid: String?, cluster: String?) async throws
    /// The newest entries first, at most `limit`, optionally only those of one subject and/or one result.
    func recent(limit: Int, subject: String?, result: AuditResult?) async throws -> [AuditEntry]
    /// Deletes entries older than `date`; returns how many.
    func prune(before date: Date) async throws -> Int
}
