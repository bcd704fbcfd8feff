import Foundation
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
            .ok, .denied, .failed, .cancelled, .expired, .confirmationRequested, .unknown("rate_limited"),
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
