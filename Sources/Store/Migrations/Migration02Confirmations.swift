import GRDB

/// v2: pending confirmations ("Stop VM 101? [Confirm] [Cancel]"), so a button press survives a restart.
///
/// Landed; never edit. Change the schema with a new, higher-numbered migration.
enum Migration02Confirmations {
    static let identifier = "v2-confirmations"

    static func migrate(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE confirmation (
                id TEXT PRIMARY KEY NOT NULL,
                subject TEXT NOT NULL,
                platform TEXT NOT NULL,
                channel TEXT,
                command_line TEXT NOT NULL,
                summary TEXT NOT NULL,
                created_at_ms INTEGER NOT NULL,
                expires_at_ms INTEGER NOT NULL,
                state TEXT NOT NULL
            ) WITHOUT ROWID;
            CREATE INDEX confirmation_expires_at ON confirmation (expires_at_ms);
            """)
    }
}
