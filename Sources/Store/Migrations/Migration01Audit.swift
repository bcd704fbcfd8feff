import GRDB

/// v1: the audit log, one row per action a chat user asked for (allowed, denied, failed...).
///
/// Landed; never edit. Change the schema with a new, higher-numbered migration.
enum Migration01Audit {
    static let identifier = "v1-audit"

    static func migrate(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE audit_log (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                time_ms INTEGER NOT NULL,
                subject TEXT NOT NULL,
                platform TEXT NOT NULL,
                channel TEXT,
                command TEXT NOT NULL,
                arguments TEXT NOT NULL,
                target TEXT,
                result TEXT NOT NULL,
                detail TEXT,
                upid TEXT,
                cluster TEXT
            );
            CREATE INDEX audit_log_time ON audit_log (time_ms);
            CREATE INDEX audit_log_subject_time ON audit_log (subject, time_ms);
            CREATE INDEX audit_log_result_time ON audit_log (result, time_ms);
            """)
    }
}
