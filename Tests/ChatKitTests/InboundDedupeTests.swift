import ChatKit
import Foundation
import Logging
import NexBoardTesting
import Synchronization
import Testing

@Suite("Dropping repeated inbound events")
struct InboundDedupeTests {
    static let logger = Logger(label: "test")

    /// A handled-event log in memory, as the store keeps it (shared by two "processes").
    final class MemoryLog: HandledEventLog {
        let keys = Mutex<[String: Date]>([:])
        func record(_ key: String, until expires: Date, now: Date) async throws -> Bool {
            keys.withLock { keys in
                if let existing = keys[key], existing > now { return false }
                keys[key] = expires
                return true
            }
        }
    }

    struct Broken: HandledEventLog {
        struct Failure: Error {}
        func record(_ key: String, until expires: Date, now: Date) async throws -> Bool { throw Failure() }
    }

    @Test("a key is first once within the window, and first again after it")
    func window() async {
        let clock = ManualDate()
        let dedupe = InboundDedupe(window: .seconds(300), now: clock.provider)
        #expect(await dedupe.isFirst("a", durable: false, logger: Self.logger))
        #expect(await !dedupe.isFirst("a", durable: false, logger: Self.logger))
        #expect(await dedupe.isFirst("b", durable: false, logger: Self.logger))
        clock.advance(by: 299)
        #expect(await !dedupe.isFirst("a", durable: false, logger: Self.logger))
        clock.advance(by: 2)
        #expect(await dedupe.isFirst("a", durable: false, logger: Self.logger))
    }

    @Test("a durable key is recognised by the next process through the log; a non-durable one is not")
    func acrossRestart() async {
        let clock = ManualDate()
        let log = MemoryLog()
        let before = InboundDedupe(window: .seconds(300), log: log, now: clock.provider)
        #expect(await before.isFirst("interaction:1", durable: true, logger: Self.logger))
        #expect(await before.isFirst("autocomplete:2", durable: false, logger: Self.logger))
        let after = InboundDedupe(window: .seconds(300), log: log, now: clock.provider)
        #expect(await !after.isFirst("interaction:1", durable: true, logger: Self.logger))
        #expect(await after.isFirst("autocomplete:2", durable: false, logger: Self.logger))
    }

    @Test("concurrent deliveries of one key: exactly one is first")
    func concurrent() async {
        let dedupe = InboundDedupe(log: MemoryLog())
        let firsts = await withTaskGroup(of: Bool.self) { group in
            for _ in 0..<50 { group.addTask { await dedupe.isFirst("same", durable: true, logger: Self.logger) } }
            return await group.reduce(0) { $0 + ($1 ? 1 : 0) }
        }
        #expect(firsts == 1)
    }

    @Test("a log that cannot be written does not refuse the event (the memory still drops repeats)")
    func brokenLog() async {
        let dedupe = InboundDedupe(log: Broken())
        #expect(await dedupe.isFirst("x", durable: true, logger: Self.logger))
        #expect(await !dedupe.isFirst("x", durable: true, logger: Self.logger))
    }
}
