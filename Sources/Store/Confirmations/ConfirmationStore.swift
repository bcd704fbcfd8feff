import Foundation

/// Persistent, single-use confirmations for destructive commands.
public protocol ConfirmationStore: Sendable {
    /// Creates a pending confirmation with a fresh random id that expires `ttl` after `now`.
    func create(
        subject: String, platform: String, channel: String?, commandLine: String, summary: String, target: String?,
        now: Date, ttl: Duration
    ) async throws -> ConfirmationRecord

    /// Resolves a confirmation atomically (one write transaction).
    ///
    /// Only the requesting subject may resolve it (others get `.wrongUser` and change nothing); it
    /// resolves at most once (then `.alreadyUsed`); at or after `expiresAt` it answers `.expired` and the
    /// row becomes expired.
    func resolve(id: String, subject: String, confirm: Bool, now: Date) async throws -> ConfirmationOutcome

    /// Deletes every confirmation whose `expiresAt` is at or before `now`, whatever its state, and
    /// returns how many. A later press of one of its buttons answers `.notFound`.
    func pruneExpired(now: Date) async throws -> Int
}
