import Foundation
import GRDB

/// `HandledEvents` on the `handled_event` table.
struct SQLiteHandledEvents: HandledEvents {
    let writer: any DatabaseWriter

    func record(_ key: String, until expires: Date, now: Date) async throws -> Bool {
        try await writer.write { db in
            let nowMillis = StoredTime.milliseconds(now)
            try db.execute(sql: "DELETE FROM handled_event WHERE expires_at_ms <= ?", arguments: [nowMillis])
            try db.execute(sql: "INSERT OR IGNORE INTO handled_event (key, expires_at_ms) VALUES (?, ?)",
                           arguments: [key, StoredTime.milliseconds(expires)])
            return db.changesCount == 1
        }
    }
}
