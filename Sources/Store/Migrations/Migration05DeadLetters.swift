import GRDB

/// v5: dead letters. An outbox row a destination refused for good (HTTP 401/403/404, a permanent
/// SMTP refusal) or that stayed undelivered past the age limit gets the state `dead` and the time
/// it was given up in `dead_at_ms`; it is never retried.
///
/// Landed; never edit. Change the schema with a new, higher-numbered migration.
enum Migration05DeadLetters {
    static let identifier = "v5-dead-letters"

    static func migrate(_ db: Database) throws {
        try db.execute(sql: """
            ALTER TABLE alert_outbox ADD COLUMN dead_at_ms INTEGER;
            CREATE INDEX alert_outbox_destination ON alert_outbox (destination, state);
            """)
    }
}
