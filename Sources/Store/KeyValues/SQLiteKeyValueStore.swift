import GRDB

/// `KeyValueStore` on the `key_value` table.
struct SQLiteKeyValueStore: KeyValueStore {
    let writer: any DatabaseWriter

    func get(_ key: String, namespace: String) async throws -> String? {
        try await writer.read { db in
            try String.fetchOne(
                db, sql: "SELECT value FROM key_value WHERE namespace = ? AND key = ?",
                arguments: [namespace, key])
        }
    }

    func set(_ key: String, _ value: String?, namespace: String) async throws {
        try await writer.write { db in
            if let value {
                try db.execute(
                    sql: """
                        INSERT INTO key_value (namespace, key, value) VALUES (?, ?, ?)
                        ON CONFLICT (namespace, key) DO UPDATE SET value = excluded.value
                        """,
                    arguments: [namespace, key, value])
            } else {
                try db.execute(
                    sql: "DELETE FROM key_value WHERE namespace = ? AND key = ?",
                    arguments: [namespace, key])
            }
        }
    }
}
