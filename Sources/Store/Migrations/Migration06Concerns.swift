import GRDB

/// v6: what a confirmation was asked about exactly (so Confirm acts on that guest and no other), and
/// what each alert history line concerns (so scoped users see only their guests' lines).
///
/// Landed; never edit. Change the schema with a new, higher-numbered migration.
enum Migration06Concerns {
    static let identifier = "v6-concerns"

    static func migrate(_ db: Database) throws {
        try db.execute(sql: """
            ALTER TABLE confirmation ADD COLUMN target TEXT;
            ALTER TABLE alert_history ADD COLUMN concern TEXT;
            """)
    }
}
