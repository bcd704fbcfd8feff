import GRDB

/// v7: the inbound events chat platforms handled (interaction, envelope and event ids), so that one
/// delivered again, even after a restart, runs once.
///
/// Landed; never edit. Change the schema with a new, higher-numbered migration.
enum Migration07HandledEvents {
    static let identifier = "v7-handled-events"

    static func migrate(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE handled_event (
                key TEXT PRIMARY KEY NOT NULL,
                expires_at_ms INTEGER NOT NULL
            ) WITHOUT ROWID;
            CREATE INDEX handled_event_expires_at ON handled_event (expires_at_ms);
            """)
    }
}
