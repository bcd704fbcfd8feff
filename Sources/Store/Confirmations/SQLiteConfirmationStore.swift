import Foundation
import GRDB

/// `ConfirmationStore` on the `confirmation` table.
///
/// `resolve` reads and writes inside one IMMEDIATE transaction, and the update is also guarded by
/// `state = 'pending'`, so two presses (from tasks or from processes sharing the file) cannot both
/// confirm.
struct SQLiteConfirmationStore: ConfirmationStore {
    let writer: any DatabaseWriter

    func create(
        subject: String, platform: String, channel: String?, commandLine: String, summary: String, target: String?,
        now: Date, ttl: Duration
    ) async throws -> ConfirmationRecord {
        let createdMs = StoredTime.milliseconds(now)
        let record = ConfirmationRecord(
            id: ConfirmationID.make(),
            subject: subject,
            platform: platform,
            channel: channel,
            commandLine: commandLine,
            summary: summary,
            target: target,
            createdAt: StoredTime.date(createdMs),
            expiresAt: StoredTime.date(createdMs + StoredTime.milliseconds(ttl)),
            state: .pending
        )
        try await writer.write { db in
            try db.execute(
                sql: """
                    INSERT INTO confirmation
                        (id, subject, platform, channel, command_line, summary, target, created_at_ms, expires_at_ms, state)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    record.id, record.subject, record.platform, record.channel, record.commandLine,
                    record.summary, record.target, StoredTime.milliseconds(record.createdAt),
                    StoredTime.milliseconds(record.expiresAt), record.state.rawValue,
                ])
        }
        return record
    }

    func resolve(id: String, subject: String, confirm: Bool, now: Date) async throws -> ConfirmationOutcome {
        try await writer.writeWithoutTransaction { db in
            var outcome = ConfirmationOutcome.notFound
            try db.inTransaction(.immediate) {
                let record = try Row.fetchOne(db, sql: "SELECT * FROM confirmation WHERE id = ?", arguments: [id])
                    .map(Self.record(from:))
                let decision = ConfirmationDecision.decide(record: record, subject: subject, confirm: confirm, now: now)
                outcome = decision.outcome
                if let newState = decision.newState {
                    try db.execute(
                        sql: "UPDATE confirmation SET state = ? WHERE id = ? AND state = ?",
                        arguments: [newState.rawValue, id, ConfirmationState.pending.rawValue])
                    if db.changesCount != 1 {
                        // Cannot happen inside an immediate transaction; refuse rather than run twice.
                        outcome = .alreadyUsed
                    }
                }
                return .commit
            }
            return outcome
        }
    }

    func pruneExpired(now: Date) async throws -> Int {
        try await writer.write { db in
            try db.execute(
                sql: "DELETE FROM confirmation WHERE expires_at_ms <= ?",
                arguments: [StoredTime.milliseconds(now)])
            return db.changesCount
        }
    }

    private static func record(from row: Row) -> ConfirmationRecord {
        let stateText: String = row["state"]
        return ConfirmationRecord(
            id: row["id"],
            subject: row["subject"],
            platform: row["platform"],
            channel: row["channel"],
            commandLine: row["command_line"],
            summary: row["summary"],
            target: row["target"],
            createdAt: StoredTime.date(row["created_at_ms"]),
            expiresAt: StoredTime.date(row["expires_at_ms"]),
            // An unknown state (written by a newer version) is treated as used: never run it.
            state: ConfirmationState(rawValue: stateText) ?? .confirmed
        )
    }
}
