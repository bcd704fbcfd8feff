import Foundation
import NexBoardTesting
import Testing
@testable import Store

@Suite("Audit log")
struct AuditLogTests {
    private func entry(
        at seconds: TimeInterval, subject: String = "discord:1", result: AuditResult = .ok,
        arguments: String = "vm stop web01"
    ) -> AuditEntry {
        AuditEntry(
            time: Date(timeIntervalSince1970: 1_800_000_000 + seconds),
            subject: subject, platform: "discord", channel: "chan", command: "vm stop",
            arguments: arguments, target: "qemu/101 (web01)", result: result,
            detail: "stopped", upid: "UPID:pve1:0001:qmstop:101:root@pam:", cluster: "home"
        )
    }

    @Test("recorded entries come back newest first with every field and an id")
    func recordAndReadBack() async throws {
        let audit = try NexBoardStore.inMemory().audit
        try await audit.record(entry(at: 1, arguments: "first"))
        try await audit.record(entry(at: 3, arguments: "third"))
        try await audit.record(entry(at: 2, arguments: "second"))

        let entries = try await audit.recent(limit: 10, subject: nil, result: nil)
        #expect(entries.map(\.arguments) == ["third", "second", "first"])
        let newest = try #require(entries.first)
        #expect(newest.id != nil)
        var expected = entry(at: 3, arguments: "third")
        expected.id = newest.id
        #expect(newest == expected)
    }

    @Test("entries with the same time come back in reverse insertion order")
    func sameTimeNewestFirst() async throws {
        let audit = try NexBoardStore.inMemory().audit
        for index in 0..<3 {
            try await audit.record(entry(at: 0, arguments: "n\(index)"))
        }
        let entries = try await audit.recent(limit: 10, subject: nil, result: nil)
        #expect(entries.map(\.arguments) == ["n2", "n1", "n0"])
    }

    @Test("recent honours the limit, the subject filter and the result filter together")
    func filters() async throws {
        let audit = try NexBoardStore.inMemory().audit
        try await audit.record(entry(at: 1, subject: "discord:1", result: .ok))
        try await audit.record(entry(at: 2, subject: "discord:1", result: .denied))
        try await audit.record(entry(at: 3, subject: "slack:U2", result: .denied))
        try await audit.record(entry(at: 4, subject: "discord:1", result: .ok))

        #expect(try await audit.recent(limit: 2, subject: nil, result: nil).count == 2)
        #expect(try await audit.recent(limit: 0, subject: nil, result: nil).isEmpty)
        let mine = try await audit.recent(limit: 10, subject: "discord:1", result: nil)
        #expect(mine.map(\.time.timeIntervalSince1970) == [1_800_000_004, 1_800_000_002, 1_800_000_001])
        let denied = try await audit.recent(limit: 10, subject: nil, result: .denied)
        #expect(denied.map(\.subject) == ["slack:U2", "discord:1"])
        let myDenied = try await audit.recent(limit: 10, subject: "discord:1", result: .denied)
        #expect(myDenied.count == 1)
        #expect(myDenied.first?.time == Date(timeIntervalSince1970: 1_800_000_002))
    }

    @Test("every result, including an unknown one, survives the round trip as text")
    func resultsRoundTrip() async throws {
        let audit = try NexBoardStore.inMemory().audit
        let results: [AuditResult] = [
            .ok, .denied, .failed, .cancelled, .expired, .confirmationRequested, .started, .unknown("rate_limited"),
        ]
        for (index, result) in results.enumerated() {
            try await audit.record(entry(at: TimeInterval(index), result: result))
        }
        let stored = try await audit.recent(limit: 10, subject: nil, result: nil).map(\.result)
        #expect(stored == results.reversed())
        #expect(AuditResult(rawValue: "confirmation_requested") == .confirmationRequested)
    }

    @Test("optional fields stay nil")
    func optionalFieldsStayNil() async throws {
        let audit = try NexBoardStore.inMemory().audit
        let minimal = AuditEntry(
            time: Date(timeIntervalSince1970: 1_800_000_000), subject: "console:local", platform: "console",
            command: "help", arguments: "help", result: .ok)
        try await audit.record(minimal)
        let stored = try #require(try await audit.recent(limit: 1, subject: nil, result: nil).first)
        #expect(stored.channel == nil && stored.target == nil && stored.detail == nil)
        #expect(stored.upid == nil && stored.cluster == nil)
    }
}

@Suite("Audit intents: written before the action, completed after, pruned by age")
struct AuditIntentTests {
    private func intent(at seconds: TimeInterval = 0, arguments: String = "vm stop web01") -> AuditEntry {
        AuditEntry(time: Date(timeIntervalSince1970: 1_800_000_000 + seconds), subject: "discord:1", platform: "discord",
                   channel: "chan", command: "vm stop", arguments: arguments, target: "qemu/101 (web01)",
                   result: .ok, cluster: "home")
    }

    @Test("begin writes the entry as started, whatever its result says, and returns its id")
    func beginWritesStarted() async throws {
        let audit = try NexBoardStore.inMemory().audit
        let id = try await audit.begin(intent())
        let stored = try #require(try await audit.recent(limit: 1, subject: nil, result: nil).first)
        #expect(stored.id == id)
        #expect(stored.result == .started)
        #expect(try await audit.recent(limit: 10, subject: nil, result: .started).count == 1)
    }

    @Test("finish writes the outcome; a nil detail, target, task or cluster keeps what begin wrote")
    func finishCompletes() async throws {
        let audit = try NexBoardStore.inMemory().audit
        let first = try await audit.begin(intent(at: 1, arguments: "first"))
        let second = try await audit.begin(intent(at: 2, arguments: "second"))
        try await audit.finish(first, result: .ok, detail: "stopped", target: nil, upid: "UPID:pve1:1", cluster: nil)
        try await audit.finish(second, result: .failed, detail: "Proxmox refused", target: "qemu/102 (db01)", upid: nil, cluster: "lab")

        let entries = try await audit.recent(limit: 10, subject: nil, result: nil)
        let done = try #require(entries.first { $0.id == first })
        #expect(done.result == .ok && done.detail == "stopped" && done.upid == "UPID:pve1:1")
        #expect(done.target == "qemu/101 (web01)" && done.cluster == "home")
        let failed = try #require(entries.first { $0.id == second })
        #expect(failed.result == .failed && failed.detail == "Proxmox refused")
        #expect(failed.target == "qemu/102 (db01)" && failed.cluster == "lab" && failed.upid == nil)
    }

    @Test("an intent never finished (the process died mid-action) stays visible as started")
    func unfinishedStaysStarted() async throws {
        try await withTemporaryDirectory { directory in
            do {
                let store = try NexBoardStore.open(directory: directory, logger: quietLogger)
                _ = try await store.audit.begin(intent())
            }
            let reopened = try NexBoardStore.open(directory: directory, logger: quietLogger)
            let entries = try await reopened.audit.recent(limit: 10, subject: nil, result: nil)
            #expect(entries.map(\.result) == [.started])
        }
    }

    @Test("finishing an id that is not in the log throws")
    func finishUnknown() async throws {
        let audit = try NexBoardStore.inMemory().audit
        let error = await #expect(throws: StoreError.self) {
            try await audit.finish(42, result: .ok, detail: nil, target: nil, upid: nil, cluster: nil)
        }
        #expect(error?.description == "no audit entry with id 42")
    }

    @Test("prune deletes the entries older than the date, started or not, and says how many")
    func prune() async throws {
        let audit = try NexBoardStore.inMemory().audit
        try await audit.record(intent(at: 0, arguments: "old"))
        _ = try await audit.begin(intent(at: 10, arguments: "old intent"))
        try await audit.record(intent(at: 20, arguments: "at the limit"))
        try await audit.record(intent(at: 30, arguments: "new"))
        #expect(try await audit.prune(before: Date(timeIntervalSince1970: 1_800_000_020)) == 2)
        #expect(try await audit.recent(limit: 10, subject: nil, result: nil).map(\.arguments) == ["new", "at the limit"])
        #expect(try await audit.prune(before: Date(timeIntervalSince1970: 1_800_000_020)) == 0)
    }

    @Test("on a full database begin throws, saying that nothing was done and why", arguments: [false, true])
    func fullDatabase(onDisk: Bool) async throws {
        func check(_ store: NexBoardStore) async throws {
            try await store.fillUp()
            let error = await #expect(throws: StoreError.self) { try await store.audit.begin(intent()) }
            guard case .unwritable(.full) = error else {
                Issue.record("expected unwritable(full), got \(String(describing: error))")
                return
            }
            #expect(error?.userMessage == "Nothing was done: the bot cannot write its audit log (the database is full). An admin can check /healthz.")
            #expect(try await store.audit.recent(limit: 1, subject: nil, result: .started).isEmpty)
        }
        if onDisk {
            try await withTemporaryDirectory { try await check(NexBoardStore.open(directory: $0, logger: quietLogger)) }
        } else {
            try await check(NexBoardStore.inMemory())
        }
    }
}
