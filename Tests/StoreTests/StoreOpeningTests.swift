import Foundation
import GRDB
import Testing
@testable import Store

@Suite("Opening the store")
struct StoreOpeningTests {
    @Test("a file database gets every migration, in order, and its tables")
    func fileDatabaseIsMigrated() async throws {
        try await withTemporaryDirectory { directory in
            let store = try NexBoardStore.open(directory: directory, logger: quietLogger)
            let (applied, tables) = try await store.writer.read { db in
                (
                    try StoreMigrations.makeMigrator().appliedMigrations(db),
                    try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
                )
            }
            #expect(applied == ["v1-audit", "v2-confirmations", "v3-key-values", "v4-alerting", "v5-dead-letters", "v6-concerns", "v7-handled-events", "v8-reports"])
            #expect(tables.contains("audit_log"))
            #expect(tables.contains("confirmation"))
            #expect(tables.contains("key_value"))
            #expect(FileManager.default.fileExists(atPath: directory + "/nexboard.sqlite"))
        }
    }

    @Test("opening the same file twice runs the migrations only once and keeps the data")
    func reopeningKeepsData() async throws {
        try await withTemporaryDirectory { directory in
            do {
                let store = try NexBoardStore.open(directory: directory, logger: quietLogger)
                try await store.keyValues.set("session", "abc", namespace: "discord")
            }
            let reopened = try NexBoardStore.open(directory: directory, logger: quietLogger)
            #expect(try await reopened.keyValues.get("session", namespace: "discord") == "abc")
        }
    }

    @Test("a file database runs in WAL mode")
    func fileDatabaseUsesWAL() async throws {
        try await withTemporaryDirectory { directory in
            let store = try NexBoardStore.open(directory: directory, logger: quietLogger)
            let mode = try await store.writer.read { db in
                try String.fetchOne(db, sql: "PRAGMA journal_mode")
            }
            #expect(mode == "wal")
        }
    }

    @Test("a missing data directory is created")
    func missingDirectoryIsCreated() async throws {
        try await withTemporaryDirectory { directory in
            let nested = directory + "/var/lib/nexboard"
            _ = try NexBoardStore.open(directory: nested, logger: quietLogger)
            #expect(FileManager.default.fileExists(atPath: nested + "/nexboard.sqlite"))
        }
    }

    @Test("a directory that cannot be used fails with an error naming the path")
    func unusableDirectoryFails() async throws {
        try await withTemporaryDirectory { directory in
            let file = directory + "/not-a-directory"
            try Data("x".utf8).write(to: URL(fileURLWithPath: file))
            let error = #expect(throws: StoreError.self) {
                try NexBoardStore.open(directory: file, logger: quietLogger)
            }
            #expect(error?.description.contains(file) == true)
            #expect(error?.userMessage.contains(file) == false)
        }
    }

    @Test("the in-memory store has the same migrations")
    func inMemoryIsMigrated() async throws {
        let store = try NexBoardStore.inMemory()
        let applied = try await store.writer.read { db in
            try StoreMigrations.makeMigrator().appliedMigrations(db)
        }
        #expect(applied == ["v1-audit", "v2-confirmations", "v3-key-values", "v4-alerting", "v5-dead-letters", "v6-concerns", "v7-handled-events", "v8-reports"])
    }

    @Test("the write probe succeeds on an open store, in memory and on disk, and leaves nothing behind")
    func writeProbeSucceeds() async throws {
        let store = try NexBoardStore.inMemory()
        try await store.checkWritable()
        try await store.checkWritable()
        #expect(try await store.keyValues.get("write-probe", namespace: "store") == nil)
        try await withTemporaryDirectory { directory in
            try await NexBoardStore.open(directory: directory, logger: quietLogger).checkWritable()
        }
    }

    @Test("the write probe reports a full database as full, where a read still succeeds")
    func writeProbeSeesFull() async throws {
        try await withTemporaryDirectory { directory in
            let store = try NexBoardStore.open(directory: directory, logger: quietLogger)
            try await store.fillUp()
            _ = try await store.audit.recent(limit: 1, subject: nil, result: nil)
            let error = await #expect(throws: StoreError.self) { try await store.checkWritable() }
            #expect(error?.description == "the database is full")
            try await store.limitSize(pages: 1_000_000)
            try await store.checkWritable()
        }
    }

    @Test("limitSize never sets the cap below the current size")
    func limitSizeFloor() async throws {
        let store = try NexBoardStore.inMemory()
        let pages = try await store.writer.read { db in try Int.fetchOne(db, sql: "PRAGMA page_count") ?? 0 }
        #expect(try await store.limitSize(pages: 0) == pages)
        #expect(try await store.limitSize(pages: pages + 10) == pages + 10)
    }
}

@Suite("Handled inbound events")
struct HandledEventsTests {
    @Test("a key is recorded once until it expires; expired keys are forgotten")
    func recordOnce() async throws {
        let store = try NexBoardStore.inMemory()
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        #expect(try await store.handledEvents.record("discord:1", until: now.addingTimeInterval(600), now: now))
        #expect(try await !store.handledEvents.record("discord:1", until: now.addingTimeInterval(900), now: now.addingTimeInterval(10)))
        #expect(try await store.handledEvents.record("discord:1", until: now.addingTimeInterval(1_300), now: now.addingTimeInterval(700)))
    }
}
