import GRDB

/// `AuditLog` on the `audit_log` table.
struct SQLiteAuditLog: AuditLog {
    let writer: any DatabaseWriter

    func record(_ entry: AuditEntry) async throws {
        try await writer.write { db in
            try db.execute(
                sql: """
                    INSERT INTO audit_log
                        (time_ms, subject, platform, channel, command, arguments, target, result, detail, upid, cluster)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    StoredTime.milliseconds(entry.time), entry.subject, entry.platform, entry.channel,
                    entry.command, entry.arguments, entry.target, entry.result.rawValue, entry.detail,
                    entry.upid, entry.cluster,
                ])
        }
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
