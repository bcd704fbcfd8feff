import Foundation
import Testing
@testable import Store

@Suite("Confirmation store")
struct ConfirmationStoreTests {
    private let start = Date(timeIntervalSince1970: 1_800_000_000)
    private let owner = "discord:111"

    private func makePending(
        in store: NexBoardStore, ttl: Duration = .seconds(60)
    ) async throws -> ConfirmationRecord {
        try await store.confirmations.create(
            subject: owner, platform: "discord", channel: "chan-1", commandLine: "vm stop 101",
            summary: "Stop VM 101 (web01) on pve1", target: "{\"vmid\":101}", now: start, ttl: ttl)
    }

    @Test("create returns a pending record that expires after the ttl")
    func createReturnsPendingRecord() async throws {
        let store = try NexBoardStore.inMemory()
        let record = try await makePending(in: store, ttl: .milliseconds(90_500))
        #expect(record.state == .pending)
        #expect(record.subject == owner && record.platform == "discord" && record.channel == "chan-1")
        #expect(record.commandLine == "vm stop 101")
        #expect(record.summary == "Stop VM 101 (web01) on pve1")
        #expect(record.createdAt == start)
        #expect(record.expiresAt == start.addingTimeInterval(90.5))
    }

    @Test("a confirmation confirms once and is then already used")
    func confirmsOnce() async throws {
        let store = try NexBoardStore.inMemory()
        let record = try await makePending(in: store)
        var confirmed = record
        confirmed.state = .confirmed

        let first = try await store.confirmations.resolve(id: record.id, subject: owner, confirm: true, now: start)
        #expect(first == .confirmed(confirmed))
        let second = try await store.confirmations.resolve(id: record.id, subject: owner, confirm: true, now: start)
        #expect(second == .alreadyUsed)
        let cancelAfter = try await store.confirmations.resolve(id: record.id, subject: owner, confirm: false, now: start)
        #expect(cancelAfter == .alreadyUsed)
    }

    @Test("another user is refused and the requester can still confirm")
    func wrongUserIsRefused() async throws {
        let store = try NexBoardStore.inMemory()
        let record = try await makePending(in: store)

        let stranger = try await store.confirmations.resolve(
            id: record.id, subject: "discord:999", confirm: true, now: start)
        #expect(stranger == .wrongUser)
        let strangerCancel = try await store.confirmations.resolve(
            id: record.id, subject: "discord:999", confirm: false, now: start)
        #expect(strangerCancel == .wrongUser)

        let mine = try await store.confirmations.resolve(id: record.id, subject: owner, confirm: true, now: start)
        guard case .confirmed(let resolved) = mine else {
            Issue.record("expected .confirmed, got \(mine)")
            return
        }
        #expect(resolved.state == .confirmed)
    }

    @Test("a confirmation pressed at or after its expiry is expired and stays expired")
    func expiry() async throws {
        let store = try NexBoardStore.inMemory()
        let record = try await makePending(in: store, ttl: .seconds(60))

        let late = try await store.confirmations.resolve(
            id: record.id, subject: owner, confirm: true, now: record.expiresAt)
        #expect(late == .expired)
        // The row is now expired: even a press "before" the expiry (a clock going back) cannot run it.
        let again = try await store.confirmations.resolve(id: record.id, subject: owner, confirm: true, now: start)
        #expect(again == .expired)
    }

    @Test("one millisecond before expiry still confirms")
    func justInTime() async throws {
        let store = try NexBoardStore.inMemory()
        let record = try await makePending(in: store, ttl: .seconds(60))
        let outcome = try await store.confirmations.resolve(
            id: record.id, subject: owner, confirm: true, now: record.expiresAt.addingTimeInterval(-0.001))
        #expect(outcome != .expired)
    }

    @Test("a cancelled confirmation cannot be confirmed afterwards")
    func cancelled() async throws {
        let store = try NexBoardStore.inMemory()
        let record = try await makePending(in: store)
        var cancelled = record
        cancelled.state = .cancelled

        let outcome = try await store.confirmations.resolve(id: record.id, subject: owner, confirm: false, now: start)
        #expect(outcome == .cancelled(cancelled))
        let confirmAfter = try await store.confirmations.resolve(id: record.id, subject: owner, confirm: true, now: start)
        #expect(confirmAfter == .alreadyUsed)
    }

    @Test("an unknown id is not found")
    func unknownId() async throws {
        let store = try NexBoardStore.inMemory()
        _ = try await makePending(in: store)
        let outcome = try await store.confirmations.resolve(
            id: "AAAAAAAAAAAAAAAA", subject: owner, confirm: true, now: start)
        #expect(outcome == .notFound)
    }

    @Test("a confirmation survives a restart, stays single use and keeps its expiry")
    func acrossRestart() async throws {
        try await withTemporaryDirectory { directory in
            let (used, expiring): (ConfirmationRecord, ConfirmationRecord)
            do {
                let store = try NexBoardStore.open(directory: directory, logger: quietLogger)
                used = try await makePending(in: store, ttl: .seconds(300))
                expiring = try await makePending(in: store, ttl: .seconds(30))
            }

            do {
                let store = try NexBoardStore.open(directory: directory, logger: quietLogger)
                let first = try await store.confirmations.resolve(
                    id: used.id, subject: owner, confirm: true, now: start.addingTimeInterval(60))
                var confirmed = used
                confirmed.state = .confirmed
                #expect(first == .confirmed(confirmed))
                let late = try await store.confirmations.resolve(
                    id: expiring.id, subject: owner, confirm: true, now: start.addingTimeInterval(60))
                #expect(late == .expired)
            }

            let store = try NexBoardStore.open(directory: directory, logger: quietLogger)
            let replay = try await store.confirmations.resolve(
                id: used.id, subject: owner, confirm: true, now: start.addingTimeInterval(61))
            #expect(replay == .alreadyUsed)
            let stillExpired = try await store.confirmations.resolve(
                id: expiring.id, subject: owner, confirm: true, now: start)
            #expect(stillExpired == .expired)
        }
    }

    @Test("twenty concurrent presses of the same confirmation confirm exactly once")
    func concurrentResolves() async throws {
        try await withTemporaryDirectory { directory in
            let store = try NexBoardStore.open(directory: directory, logger: quietLogger)
            let record = try await makePending(in: store)
            let now = start
            let subject = owner
            let outcomes = try await withThrowingTaskGroup(of: ConfirmationOutcome.self) { group in
                for _ in 0..<20 {
                    group.addTask {
                        try await store.confirmations.resolve(id: record.id, subject: subject, confirm: true, now: now)
                    }
                }
                var all: [ConfirmationOutcome] = []
                for try await outcome in group {
                    all.append(outcome)
                }
                return all
            }
            let confirmedCount = outcomes.filter { if case .confirmed = $0 { true } else { false } }.count
            #expect(confirmedCount == 1)
            #expect(outcomes.filter { $0 == .alreadyUsed }.count == 19)
        }
    }

    @Test("ids are unique, 16 characters long and URL safe")
    func idsAreUniqueAndURLSafe() async throws {
        let store = try NexBoardStore.inMemory()
        var ids = Set<String>()
        for _ in 0..<200 {
            ids.insert(try await makePending(in: store).id)
        }
        for _ in 0..<10_000 {
            ids.insert(ConfirmationID.make())
        }
        #expect(ids.count == 10_200)
        let allowed = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
        #expect(ids.allSatisfy { $0.count == 16 && $0.allSatisfy(allowed.contains) })
    }

    @Test("pruning deletes the confirmations whose expiry has passed and keeps the others")
    func pruneExpired() async throws {
        let store = try NexBoardStore.inMemory()
        let short = try await makePending(in: store, ttl: .seconds(10))
        let used = try await makePending(in: store, ttl: .seconds(20))
        _ = try await store.confirmations.resolve(id: used.id, subject: owner, confirm: true, now: start)
        let long = try await makePending(in: store, ttl: .seconds(600))

        let pruned = try await store.confirmations.pruneExpired(now: start.addingTimeInterval(20))
        #expect(pruned == 2)
        #expect(try await store.confirmations.resolve(id: short.id, subject: owner, confirm: true, now: start) == .notFound)
        let kept = try await store.confirmations.resolve(
            id: long.id, subject: owner, confirm: false, now: start.addingTimeInterval(20))
        #expect(kept != .notFound)
        #expect(try await store.confirmations.pruneExpired(now: start.addingTimeInterval(20)) == 0)
    }
}
