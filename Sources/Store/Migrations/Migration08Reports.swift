import GRDB

/// v8: scheduled reports (`report subscribe`): what each channel receives, how often, and when next.
///
/// Landed; never edit. Change the schema with a new, higher-numbered migration.
enum Migration08Reports {
    static let identifier = "v8-reports"

    static func migrate(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE report_subscription (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                destination TEXT NOT NULL,
                report TEXT NOT NULL,
                schedule TEXT NOT NULL,
                subject TEXT NOT NULL,
                created_at_ms INTEGER NOT NULL,
                next_run_ms INTEGER NOT NULL
            );
            CREATE INDEX report_subscription_next_run ON report_subscription (next_run_ms);
            """)
    }
}
