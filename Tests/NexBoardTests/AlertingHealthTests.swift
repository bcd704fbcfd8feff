import Alerting
import Foundation
import NexBoardCore
import NexBoardTesting
import Store
import TestScopes
import Testing
import WebPage

@testable import NexBoard

@Suite("Alerting on the health page", .stopsWhatItStarts)
struct AlertingHealthTests {
    struct Refused: Error, CustomStringConvertible { var description: String { "the channel refused the post" } }

    func state(_ name: String, in health: HealthRegistry) async -> ComponentHealth? {
        await health.snapshot().first { $0.name == name }
    }

    @Test("each cluster's poller is starting until its first cycle is saved, then ok")
    func poller() async throws {
        let test = try await TestApplication.make()
        #expect(await state("alerting:homelab", in: test.app.health)?.state == .starting)
        let poller = try #require(test.app.services.compactMap { $0 as? AlertPoller<AnyClock> }.first)
        await poller.pollOnce()
        #expect(await state("alerting:homelab", in: test.app.health)?.state == .ok)
        await test.shutdown()
    }

    @Test("delivery is degraded, naming the destination and the error, while a destination fails; ok once it recovers")
    func delivery() async throws {
        let test = try await TestApplication.make()
        let sink = FakeChatSink()
        await sink.failUntilRecovered(with: Refused())
        await test.app.notificationSinks.register("fake", sink)
        let notification = AlertNotification(kind: .event, alertID: nil, cluster: "homelab", node: "pve1", tags: [], severity: .warning,
                                             title: "VM 101 stopped", since: test.date.now, at: test.date.now,
                                             eventKind: "guest-stopped", dedupeKey: "e1", threadKey: nil)
        try await test.app.store.alerts.commit(AlertCycleWrite(now: test.date.now, outbox: [
            OutboxEntry(dedupeKey: "e1", destinations: .these(["fake:ops"]), threadKey: nil, kind: "event",
                        payload: String(decoding: try JSONEncoder().encode(notification), as: UTF8.self)),
        ]))
        let delivery = try #require(test.app.services.compactMap { $0 as? AlertDelivery<AnyClock> }.first)
        #expect(try await delivery.deliverPending() == 0)
        let degraded = try #require(await state("alerting:delivery", in: test.app.health))
        #expect(degraded.state == .degraded)
        #expect(degraded.detail == "retrying fake:ops: the channel refused the post")
        await sink.recover()
        test.date.advance(by: 60)
        #expect(try await delivery.deliverPending() == 1)
        #expect(await state("alerting:delivery", in: test.app.health)?.state == .ok)
        await test.shutdown()
    }
}
