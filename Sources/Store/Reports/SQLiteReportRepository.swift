import Foundation
import GRDB

/// `ReportRepository` on v8's table, writing into the alert outbox.
struct SQLiteReportRepository: ReportRepository {
    let writer: any DatabaseWriter

    func add(_ subscription: ReportSubscriptionRecord) async throws -> ReportSubscriptionRecord {
        try await writer.write { db in
            try db.execute(
                sql: """
                    INSERT INTO report_subscription (destination, report, schedule, subject, created_at_ms, next_run_ms)
                    VALUES (?, ?, ?, ?, ?, ?)
                    """,
                arguments: [subscription.destination, subscription.report, subscription.schedule, subscription.subject,
                            StoredTime.milliseconds(subscription.createdAt), StoredTime.milliseconds(subscription.nextRun)])
            var stored = subscription
            stored.id = db.lastInsertedRowID
            return stored
        }
    }

    func subscriptions(destination: String?) async throws -> [ReportSubscriptionRecord] {
        try await writer.read { db in
            let rows = if let destination {
                try Row.fetchAll(db, sql: "SELECT * FROM report_subscription WHERE destination = ? ORDER BY id", arguments: [destination])
            } else {
                try Row.fetchAll(db, sql: "SELECT * FROM report_subscription ORDER BY id")
            }
            return rows.map(Self.record)
        }
    }

    func remove(id: Int64, destination: String) async throws -> Bool {
        try await writer.write { db in
            try db.execute(sql: "DELETE FROM report_subscription WHERE id = ? AND destination = ?", arguments: [id, destination])
            return db.changesCount > 0
        }
    }

    func due(at now: Date) async throws -> [ReportSubscriptionRecord] {
        try await writer.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM report_subscription WHERE next_run_ms <= ? ORDER BY next_run_ms, id",
                             arguments: [StoredTime.milliseconds(now)]).map(Self.record)
        }
    }

    func complete(id: Int64, slot: Date, nextRun: Date, outbox: OutboxEntry, now: Date) async throws -> Bool {
        try await writer.write { db in
            try db.execute(sql: "UPDATE report_subscription SET next_run_ms = ? WHERE id = ? AND next_run_ms = ?",
                           arguments: [StoredTime.milliseconds(nextRun), id, StoredTime.milliseconds(slot)])
            guard db.changesCount == 1 else { return false }
            try SQLiteAlertRepository.insertOutbox(outbox, into: db, now: now)
            return true
        }
    }

    private static func record(_ row: Row) -> ReportSubscriptionRecord {
        ReportSubscriptionRecord(id: row["id"], destination: row["destination"], report: row["report"], schedule: row["schedule"],
                                 subject: row["subject"], createdAt: StoredTime.date(row["created_at_ms"]),
                                 nextRun: StoredTime.date(row["next_run_ms"]))
    }
}
