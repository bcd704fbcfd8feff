import Foundation
import GRDB

/// `AuditLog` on the `audit_log` table.
struct SQLiteAuditLog: AuditLog {
    let writer: any DatabaseWriter

    func record(_ entry: AuditEntry) async throws {
        try await writer.write { db in try Self.insert(entry, result: entry.result, into: db) }
    }

    func begin(_ entry: AuditEntry) async throws -> Int64 {
        do {
            return try await writer.write { db in
                try Self.insert(entry, result: .started, into: db)
                return db.lastInsertedRowID
            }
        } catch {
            throw StoreError.unwritable(StoreError.WriteProblem(error))
        }
    }

    func finish(_ id: Int64, result: AuditResult, detail: String?, target: String?, upid: String?, cluster: String?) async throws {
        let changed = try await writer.write { db in
            try db.execute(
                sql: """
                    UPDATE audit_log SET result = ?, detail = COALESCE(?, detail), target = COALESCE(?, target),
                        upid = COALESCE(?, upid), cluster = COALESCE(?, cluster)
                    WHERE id = ?
                    """,
                arguments: [result.rawValue, detail, target, upid, cluster, id])
            return db.changesCount
        }
        guard changed == 1 else { throw StoreError.auditEntryNotFound(id) }
    }

    func recent(limit: Int, subject: String?, result: AuditResult?) async throws -> [AuditEntry] {
        guard limit > 0 else { return [] }
        var conditions: [String] = []
        var arguments = StatementArguments()
        if let subject {
            conditions.append("subject = ?")
            arguments += [subject]
        }
        if let result {
            conditions.append("result = ?")
            arguments += [result.rawValue]
        }
        let filter = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        arguments += [limit]
        let sql = "SELECT * FROM audit_log \(filter) ORDER BY time_ms DESC, id DESC LIMIT ?"
        let query = arguments
        return try await writer.read { db in
            try Row.fetchAll(db, sql: sql, arguments: query).map(Self.entry(from:))
        }
    }

    func prune(before date: Date) async throws -> Int {
        try await writer.write { db in
            try db.execute(sql: "DELETE FROM audit_log WHERE time_ms < ?", arguments: [StoredTime.milliseconds(date)])
            return db.changesCount
        }
    }

    private static func insert(_ entry: AuditEntry, result: AuditResult, into db: Database) throws {
        try db.execute(
            sql: """
                INSERT INTO audit_log
                    (time_ms, subject, platform, channel, command, arguments, target, result, detail, upid, cluster)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                StoredTime.milliseconds(entry.time), entry.subject, entry.platform, entry.channel,
                entry.command, entry.arguments, entry.target, result.rawValue, entry.detail,
                entry.upid, entry.cluster,
            ])
    }

    private static func entry(from row: Row) -> AuditEntry {
        AuditEntry(
            id: row["id"],
            time: StoredTime.date(row["time_ms"]),
            subject: row["subject"],
            platform: row["platform"],
            channel: row["channel"],
            command: row["command"],
            arguments: row["arguments"],
            target: row["target"],
            result: AuditResult(rawValue: row["result"]),
            detail: row["detail"],
            upid: row["upid"],
            cluster: row["cluster"]
        )
    }
}
