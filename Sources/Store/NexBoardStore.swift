import Foundation
import GRDB
import Logging

/// The bot's SQLite database: audit log, confirmations and adapter key-values.
///
/// One instance per process, created by the composition root and handed to whoever needs a
/// repository. The database closes when the last reference goes away.
public final class NexBoardStore: Sendable {
    /// The file name inside the data directory.
    public static let fileName = "nexboard.sqlite"

    let writer: any DatabaseWriter

    public let audit: any AuditLog
    public let confirmations: any ConfirmationStore
    public let keyValues: any KeyValueStore
    /// Alert states, subscriptions, silences, the notification outbox and the alert history.
    public let alerts: any AlertRepository
    /// Inbound chat events already handled (replays are refused).
    public let handledEvents: any HandledEvents
    /// Scheduled reports (`report subscribe`).
    public let reports: any ReportRepository

    init(writer: any DatabaseWriter) {
        self.writer = writer
        self.audit = SQLiteAuditLog(writer: writer)
        self.confirmations = SQLiteConfirmationStore(writer: writer)
        self.keyValues = SQLiteKeyValueStore(writer: writer)
        self.alerts = SQLiteAlertRepository(writer: writer)
        self.handledEvents = SQLiteHandledEvents(writer: writer)
        self.reports = SQLiteReportRepository(writer: writer)
    }

    /// Opens (creating) `<directory>/nexboard.sqlite` in WAL mode and runs migrations.
    ///
    /// Creates `directory` when it does not exist. Throws `StoreError.openFailed` naming the path.
    public static func open(directory: String, logger: Logger) throws -> NexBoardStore {
        let path = URL(fileURLWithPath: directory).appendingPathComponent(fileName).path
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            var configuration = Configuration()
            configuration.busyMode = .timeout(5)
            configuration.label = "nexboard"
            // A DatabasePool always uses WAL mode.
            let pool = try DatabasePool(path: path, configuration: configuration)
            let migrator = StoreMigrations.makeMigrator()
            let pending = try pool.read { db in
                try migrator.migrations.filter { !(try migrator.appliedIdentifiers(db)).contains($0) }
            }
            try migrator.migrate(pool)
            logger.info(
                "Database opened",
                metadata: [
                    "store.path": "\(path)",
                    "store.migrations.applied": "\(pending.joined(separator: ","))",
                ])
            return NexBoardStore(writer: pool)
        } catch let error as StoreError {
            throw error
        } catch {
            logger.error("Cannot open the database", metadata: ["store.path": "\(path)", "error": "\(error)"])
            throw StoreError.openFailed(path: path, reason: "\(error)")
        }
    }

    /// In-memory database for tests (a GRDB DatabaseQueue; same migrations).
    public static func inMemory() throws -> NexBoardStore {
        let queue = try DatabaseQueue()
        try StoreMigrations.makeMigrator().migrate(queue)
        return NexBoardStore(writer: queue)
    }

    /// Writes and deletes a 16 KiB row in one transaction, so the periodic health check sees what a
    /// read cannot: a database that is full, read-only or locked by another process. The row needs
    /// several fresh pages, more than any small insert does, so the probe fails no later than the
    /// audit log's writes start failing.
    ///
    /// Throws `StoreError.unwritable` saying which.
    public func checkWritable() async throws {
        do {
            try await writer.write { db in
                try db.execute(
                    sql: "INSERT OR REPLACE INTO key_value (namespace, key, value) VALUES ('store', 'write-probe', ?)",
                    arguments: [String(repeating: "x", count: 16_384)])
                try db.execute(sql: "DELETE FROM key_value WHERE namespace = 'store' AND key = 'write-probe'")
            }
        } catch {
            throw StoreError.unwritable(StoreError.WriteProblem(error))
        }
    }

    /// Caps the database at `pages` pages (SQLite's `max_page_count` on the writer connection) and
    /// returns the cap in effect, which SQLite never sets below the current size. A write that needs
    /// a page beyond it fails as on a full disk: tests use it to fill the database for real.
    @discardableResult
    public func limitSize(pages: Int) async throws -> Int {
        try await writer.writeWithoutTransaction { db in
            try Int.fetchOne(db, sql: "PRAGMA max_page_count = \(max(1, pages))") ?? 0
        }
    }
}
