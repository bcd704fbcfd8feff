import GRDB

/// v3: small namespaced key-value state for adapters (gateway session ids, last seen event ids...).
///
/// Landed; never edit. Change the schema with a new, higher-numbered migration.
enum Migration03KeyValues {
    static let identifier = "v3-key-values"

    static func migrate(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE key_value (
                namespace TEXT NOT NULL,
                key TEXT NOT NULL,
                value TEXT NOT NULL,
                PRIMARY KEY (namespace, key)
            ) WITHOUT ROWID;
            """)
    }
}
