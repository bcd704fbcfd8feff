import Foundation
import GRDB
import NexBoardCore

/// `AlertRepository` on the v4 tables, with v5's dead letters.
struct SQLiteAlertRepository: AlertRepository {
    let writer: any DatabaseWriter
    static let keyValueNamespace = "alerting"

    func commit(_ cycle: AlertCycleWrite) async throws -> Int {
        try await writer.write { db in
            // Prepared once per connection: a cycle writes hundreds of states, `execute(sql:)` would parse the SQL for each.
            let upsert = try db.cachedStatement(
                sql: """
                    INSERT INTO alert_state (id, cluster, rule, target, label, severity, status, machine, updated_at_ms)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (id) DO UPDATE SET cluster = excluded.cluster, rule = excluded.rule,
                        target = excluded.target, label = excluded.label, severity = excluded.severity,
                        status = excluded.status, machine = excluded.machine, updated_at_ms = excluded.updated_at_ms
                    """)
            for state in cycle.states {
                try upsert.execute(arguments: [state.id, state.cluster, state.rule, state.target, state.label, state.severity, state.status,
                                               state.machine, StoredTime.milliseconds(state.updatedAt)])
            }
            let delete = try db.cachedStatement(sql: "DELETE FROM alert_state WHERE id = ?")
            for id in cycle.deletedStates {
                try delete.execute(arguments: [id])
            }
            var inserted = 0
            for entry in cycle.outbox {
                inserted += try Self.insertOutbox(entry, into: db, now: cycle.now)
            }
            for line in cycle.history {
                try Self.insertHistory(line, into: db)
            }
            for (key, value) in cycle.keyValues {
                try db.execute(
                    sql: """
                        INSERT INTO key_value (namespace, key, value) VALUES (?, ?, ?)
                        ON CONFLICT (namespace, key) DO UPDATE SET value = excluded.value
                        """,
                    arguments: [Self.keyValueNamespace, key, value])
            }
            return inserted
        }
    }

    /// Writes `entry`'s outbox rows (none for a (dedupe key, destination) already there); returns how many.
    @discardableResult
    static func insertOutbox(_ entry: OutboxEntry, into db: Database, now: Date) throws -> Int {
        let destinations: [String]
        switch entry.destinations {
        case .these(let list): destinations = list
        case .followingThread:
            guard let thread = entry.threadKey else { return 0 }
            destinations = try String.fetchAll(
                db, sql: "SELECT DISTINCT destination FROM alert_outbox WHERE thread_key = ? ORDER BY id", arguments: [thread])
        }
        let nowMillis = StoredTime.milliseconds(now)
        var inserted = 0
        for destination in destinations {
            try db.cachedStatement(
                sql: """
                    INSERT OR IGNORE INTO alert_outbox
                        (dedupe_key, destination, thread_key, kind, payload, state, attempts, next_attempt_at_ms, created_at_ms)
                    VALUES (?, ?, ?, ?, ?, 'pending', 0, ?, ?)
                    """
            ).execute(arguments: [entry.dedupeKey, destination, entry.threadKey, entry.kind, entry.payload, nowMillis, nowMillis])
            inserted += db.changesCount
        }
        return inserted
    }

    func states(cluster: String?) async throws -> [AlertStateRecord] {
        try await writer.read { db in
            let rows = if let cluster {
                try Row.fetchAll(db, sql: "SELECT * FROM alert_state WHERE cluster = ? ORDER BY id", arguments: [cluster])
            } else {
                try Row.fetchAll(db, sql: "SELECT * FROM alert_state ORDER BY id")
            }
            return rows.map { row in
                AlertStateRecord(id: row["id"], cluster: row["cluster"], rule: row["rule"], target: row["target"], label: row["label"],
                                 severity: row["severity"], status: row["status"], machine: row["machine"],
                                 updatedAt: StoredTime.date(row["updated_at_ms"]))
            }
        }
    }

    func pendingOutbox(now: Date, perDestination: Int) async throws -> [OutboxRow] {
        // Walks the (destination, state) index: the next destination with pending rows, then its
        // oldest `perDestination` in id order, so a backlog of thousands of rows for one
        // destination costs what is read of it, never a scan of them all.
        let nowMillis = StoredTime.milliseconds(now)
        return try await writer.read { db in
            var rows: [OutboxRow] = []
            var previous = ""
            while let destination = try String.fetchOne(
                db, sql: "SELECT destination FROM alert_outbox INDEXED BY alert_outbox_destination WHERE destination > ? AND state = 'pending' ORDER BY destination LIMIT 1",
                arguments: [previous]) {
                previous = destination
                let oldest = try Row.fetchAll(
                    db, sql: "SELECT * FROM alert_outbox INDEXED BY alert_outbox_destination WHERE destination = ? AND state = 'pending' ORDER BY id LIMIT ?",
                    arguments: [destination, perDestination])
                rows += oldest.prefix { (row: Row) in (row["next_attempt_at_ms"] as Int64) <= nowMillis }.map(Self.outboxRow)
            }
            return rows.sorted { $0.id < $1.id }
        }
    }

    func markSent(_ id: Int64, handle: String, at: Date) async throws {
        try await writer.write { db in
            try db.execute(
                sql: "UPDATE alert_outbox SET state = 'sent', handle = ?, sent_at_ms = ?, attempts = attempts + 1, last_error = NULL WHERE id = ?",
                arguments: [handle, StoredTime.milliseconds(at), id])
        }
    }

    func markFailed(_ id: Int64, error: String, nextAttemptAt: Date) async throws {
        try await writer.write { db in
            try db.execute(
                sql: "UPDATE alert_outbox SET attempts = attempts + 1, last_error = ?, next_attempt_at_ms = ? WHERE id = ?",
                arguments: [error, StoredTime.milliseconds(nextAttemptAt), id])
        }
    }

    func markDead(_ id: Int64, reason: String, at: Date, attempted: Bool, history: AlertHistoryEntry) async throws {
        try await writer.write { db in
            try db.execute(
                sql: "UPDATE alert_outbox SET state = 'dead', dead_at_ms = ?, last_error = ?, attempts = attempts + ? WHERE id = ?",
                arguments: [StoredTime.milliseconds(at), reason, attempted ? 1 : 0, id])
            try Self.insertHistory(history, into: db)
        }
    }

    func deadLetters(since date: Date) async throws -> [String: Int] {
        try await writer.read { db in
            let rows = try Row.fetchAll(
                db, sql: "SELECT destination, COUNT(*) AS count FROM alert_outbox WHERE state = 'dead' AND dead_at_ms >= ? GROUP BY destination",
                arguments: [StoredTime.milliseconds(date)])
            return Dictionary(uniqueKeysWithValues: rows.map { row -> (String, Int) in (row["destination"], row["count"]) })
        }
    }

    func outboxBacklog() async throws -> [String: OutboxBacklog] {
        try await writer.read { db in
            let rows = try Row.fetchAll(
                db, sql: "SELECT destination, COUNT(*) AS pending, MIN(created_at_ms) AS oldest FROM alert_outbox WHERE state = 'pending' GROUP BY destination")
            return Dictionary(uniqueKeysWithValues: rows.map { row -> (String, OutboxBacklog) in
                (row["destination"], OutboxBacklog(pending: row["pending"], oldest: StoredTime.date(row["oldest"])))
            })
        }
    }

    func outboxDestinations() async throws -> [String: Int] {
        try await writer.read { db in
            let rows = try Row.fetchAll(
                db, sql: "SELECT destination, SUM(state = 'pending') AS pending FROM alert_outbox GROUP BY destination")
            return Dictionary(uniqueKeysWithValues: rows.map { row -> (String, Int) in (row["destination"], row["pending"]) })
        }
    }

    func removeDestination(_ destination: String) async throws -> Int {
        try await writer.write { db in
            let pending = try Int.fetchOne(
                db, sql: "SELECT COUNT(*) FROM alert_outbox WHERE destination = ? AND state = 'pending'", arguments: [destination]) ?? 0
            try db.execute(sql: "DELETE FROM alert_outbox WHERE destination = ?", arguments: [destination])
            return pending
        }
    }

    func threadHandle(threadKey: String, destination: String) async throws -> String? {
        try await writer.read { db in
            try String.fetchOne(
                db,
                sql: """
                    SELECT handle FROM alert_outbox WHERE thread_key = ? AND destination = ? AND kind = 'firing'
                    AND state = 'sent' AND handle IS NOT NULL ORDER BY id LIMIT 1
                    """,
                arguments: [threadKey, destination])
        }
    }

    func prune(before date: Date) async throws -> Int {
        try await writer.write { db in
            let millis = StoredTime.milliseconds(date)
            try db.execute(
                sql: "DELETE FROM alert_outbox WHERE (state = 'sent' AND sent_at_ms < ?) OR (state = 'dead' AND dead_at_ms < ?)",
                arguments: [millis, millis])
            let deleted = db.changesCount
            try db.execute(sql: "DELETE FROM alert_history WHERE time_ms < ?", arguments: [millis])
            return deleted
        }
    }

    func outboxRows() async throws -> [OutboxRow] {
        try await writer.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM alert_outbox ORDER BY id").map(Self.outboxRow)
        }
    }

    func subscribe(_ subscription: AlertSubscriptionRecord) async throws {
        try await writer.write { db in
            try db.execute(
                sql: """
                    INSERT INTO alert_subscription (destination, filter, created_by, created_at_ms) VALUES (?, ?, ?, ?)
                    ON CONFLICT (destination) DO UPDATE SET filter = excluded.filter, created_by = excluded.created_by,
                        created_at_ms = excluded.created_at_ms
                    """,
                arguments: [subscription.destination, subscription.filter, subscription.createdBy,
                            StoredTime.milliseconds(subscription.createdAt)])
        }
    }

    func unsubscribe(destination: String) async throws -> Bool {
        try await writer.write { db in
            try db.execute(sql: "DELETE FROM alert_subscription WHERE destination = ?", arguments: [destination])
            return db.changesCount > 0
        }
    }

    func subscriptions() async throws -> [AlertSubscriptionRecord] {
        try await writer.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM alert_subscription ORDER BY destination").map { row in
                AlertSubscriptionRecord(destination: row["destination"], filter: row["filter"], createdBy: row["created_by"],
                                        createdAt: StoredTime.date(row["created_at_ms"]))
            }
        }
    }

    func addSilence(_ silence: AlertSilenceRecord) async throws -> AlertSilenceRecord {
        try await writer.write { db in
            try db.execute(
                sql: "INSERT INTO alert_silence (matcher, reason, created_by, created_at_ms, ends_at_ms) VALUES (?, ?, ?, ?, ?)",
                arguments: [silence.matcher, silence.reason, silence.createdBy, StoredTime.milliseconds(silence.createdAt),
                            StoredTime.milliseconds(silence.endsAt)])
            var stored = silence
            stored.id = db.lastInsertedRowID
            stored.createdAt = StoredTime.normalized(silence.createdAt)
            stored.endsAt = StoredTime.normalized(silence.endsAt)
            return stored
        }
    }

    func endSilence(id: Int64, at: Date) async throws -> Bool {
        try await writer.write { db in
            let millis = StoredTime.milliseconds(at)
            try db.execute(sql: "UPDATE alert_silence SET ends_at_ms = ? WHERE id = ? AND ends_at_ms > ?", arguments: [millis, id, millis])
            return db.changesCount > 0
        }
    }

    func activeSilences(at: Date) async throws -> [AlertSilenceRecord] {
        try await writer.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM alert_silence WHERE ends_at_ms > ? ORDER BY id",
                             arguments: [StoredTime.milliseconds(at)]).map { row in
                AlertSilenceRecord(id: row["id"], matcher: row["matcher"], reason: row["reason"], createdBy: row["created_by"],
                                   createdAt: StoredTime.date(row["created_at_ms"]), endsAt: StoredTime.date(row["ends_at_ms"]))
            }
        }
    }

    func history(limit: Int) async throws -> [AlertHistoryEntry] {
        try await writer.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM alert_history ORDER BY time_ms DESC, id DESC LIMIT ?", arguments: [limit]).map { row in
                AlertHistoryEntry(dedupeKey: row["dedupe_key"], time: StoredTime.date(row["time_ms"]), cluster: row["cluster"],
                                  kind: row["kind"], severity: row["severity"], text: row["text"],
                                  concern: (row["concern"] as String?).flatMap(Self.decode))
            }
        }
    }

    private static func insertHistory(_ line: AlertHistoryEntry, into db: Database) throws {
        try db.cachedStatement(
            sql: """
                INSERT OR IGNORE INTO alert_history (dedupe_key, time_ms, cluster, kind, severity, text, concern)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """
        ).execute(arguments: [line.dedupeKey, StoredTime.milliseconds(line.time), line.cluster, line.kind, line.severity, line.text,
                              line.concern.flatMap(Self.encode)])
    }

    private static func encode(_ concern: Concern) -> String? {
        (try? JSONEncoder().encode(concern)).map { String(decoding: $0, as: UTF8.self) }
    }

    private static func decode(_ text: String) -> Concern? {
        try? JSONDecoder().decode(Concern.self, from: Data(text.utf8))
    }

    private static func outboxRow(_ row: Row) -> OutboxRow {
        OutboxRow(
            id: row["id"], dedupeKey: row["dedupe_key"], destination: row["destination"], threadKey: row["thread_key"],
            kind: row["kind"], payload: row["payload"], state: OutboxRow.State(rawValue: row["state"]) ?? .pending,
            attempts: row["attempts"], nextAttemptAt: StoredTime.date(row["next_attempt_at_ms"]), handle: row["handle"],
            lastError: row["last_error"], createdAt: StoredTime.date(row["created_at_ms"]),
            sentAt: (row["sent_at_ms"] as Int64?).map(StoredTime.date), deadAt: (row["dead_at_ms"] as Int64?).map(StoredTime.date))
    }
}
