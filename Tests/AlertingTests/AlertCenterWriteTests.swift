@testable import Alerting
import Foundation
import Logging
import NexBoardTesting
import Store
import Testing

/// What a poll cycle writes: only what changed, so that 10,000 guests cost a small transaction.
@Suite("AlertCenter writes what changed")
struct AlertCenterWriteTests {
    typealias F = SnapshotFixtures

    @Test("a pending alert whose value moves is not saved again; one that starts firing is")
    func valueAloneIsNotSaved() async throws {
        let store = try NexBoardStore.inMemory()
        let date = ManualDate()
        let engine = AlertEngine(rules: [
            AlertRule(name: "node-memory", metric: .nodeMemory, threshold: 90, clear: 85, for: .seconds(60), severity: .warning),
        ])
        var quiet = Logger(label: "test")
        quiet.logLevel = .critical
        let center = AlertCenter(engine: engine, repository: store.alerts, keyValues: store.keyValues, now: date.provider, logger: quiet)
        func cycle(memory: Double) async throws -> AlertStateRecord? {
            var snapshot = F.snapshot(nodes: [NodeSample(name: "pve1", online: true, memory: memory)], guests: [])
            snapshot.takenAt = date.now
            try await center.cycle(cluster: "homelab", snapshot: snapshot)
            let saved = try await store.alerts.states(cluster: "homelab").first { $0.id == "node-memory@homelab:pve1" }
            date.advance(by: 15)
            return saved
        }
        let pending = try #require(try await cycle(memory: 0.93))
        #expect(pending.status == "pending")
        let stillPending = try #require(try await cycle(memory: 0.95))
        #expect(stillPending.updatedAt == pending.updatedAt, "only the value moved: not written again")
        _ = try await cycle(memory: 0.96)
        _ = try await cycle(memory: 0.97)
        let firing = try #require(try await cycle(memory: 0.98))
        #expect(firing.status == "firing")
        #expect(firing.updatedAt > pending.updatedAt)
    }
}
