import Foundation
import Testing

@testable import Alerting

@Suite("Repeat interval and maintenance windows")
struct RepeatAndMaintenanceTests {
    typealias F = SnapshotFixtures
    let start = Date(timeIntervalSince1970: 1_795_000_000)

    func at(_ seconds: TimeInterval) -> Date { start.addingTimeInterval(seconds) }

    @Test("a still-firing alert is announced again each repeat interval, until someone acknowledges it")
    func repeats() {
        let policy = AlertStateMachine.Policy(forDuration: 0, repeatInterval: 3600)
        var machine = AlertStateMachine()
        #expect(machine.handle(.observe(.breaching, value: nil, at: at(0), suppressed: false), policy: policy) == .fire(since: at(0)))
        #expect(machine.handle(.observe(.breaching, value: nil, at: at(3599), suppressed: false), policy: policy) == .none)
        #expect(machine.handle(.observe(.breaching, value: nil, at: at(3600), suppressed: false), policy: policy)
                == .remind(since: at(0), at: at(3600)))
        #expect(machine.handle(.observe(.breaching, value: nil, at: at(3700), suppressed: false), policy: policy) == .none)
        _ = machine.handle(.acknowledge(by: "console:local", at: at(3800)), policy: policy)
        #expect(machine.handle(.observe(.breaching, value: nil, at: at(7300), suppressed: false), policy: policy) == .none)
    }

    @Test("weekly windows open on their days and hours, also across midnight, in their time zone")
    func windows() throws {
        // 1_795_000_000 is Wednesday 2026-11-18 11:06:40 UTC (12:06:40 in Berlin).
        let wednesday = try #require(MaintenanceWindow(name: "w", weekly: "wed 11:00-12:00"))
        #expect(wednesday.isOpen(at: at(0)))
        #expect(!wednesday.isOpen(at: at(3600)))
        let weekdays = try #require(MaintenanceWindow(name: "w", weekly: "mon-fri 22:00-06:00"))
        #expect(!weekdays.isOpen(at: at(0)))
        #expect(weekdays.isOpen(at: at(-8 * 3600)))  // Wednesday 03:06, after Tuesday 22:00
        let saturdayNight = try #require(MaintenanceWindow(name: "w", weekly: "sat 23:00-01:00"))
        #expect(!saturdayNight.isOpen(at: at(0)))
        let zone = try #require(TimeZone(identifier: "Europe/Berlin"))
        let berlin = try #require(MaintenanceWindow(name: "w", weekly: "daily 12:00-13:00", timeZone: zone))
        #expect(berlin.isOpen(at: at(0)))
        #expect(try #require(MaintenanceWindow(name: "w", weekly: "daily 12:00-13:00")).isOpen(at: at(0)) == false)
        #expect(MaintenanceWindow(name: "w", weekly: "someday 02:00-04:00") == nil)
        #expect(MaintenanceWindow(name: "w", weekly: "sun 2-4") == nil)
    }

    @Test("an alert that fires inside a maintenance window is not announced")
    func maintenanceSilences() {
        let window = MaintenanceWindow(name: "w", days: Set(1...7), start: 0, end: 24 * 60, matchers: ["pve2"])
        let engine = AlertEngine(rules: [AlertRule(name: "node-offline", metric: .nodeOffline)], maintenance: [window])
        let snapshot = F.snapshot(nodes: [NodeSample(name: "pve1", online: true), NodeSample(name: "pve2", online: false)])
        let outcome = engine.evaluate(cluster: "homelab", snapshot: snapshot, events: [], alerts: [:], silences: [], now: F.start)
        #expect(outcome.notifications.isEmpty)
        #expect(outcome.alerts["node-offline@homelab:pve2"]?.machine.isFiring == true)
    }

    @Test("the rules file reads repeat_interval, timezone and maintenance, and names bad values")
    func rulesFile() throws {
        let file = try AlertRulesFile.parse("""
            repeat_interval: 4h
            timezone: Europe/Berlin
            maintenance:
              - {name: updates, weekly: "sun 02:00-04:00", match: [pve2]}
            rules: []
            """)
        #expect(file.repeatInterval == .seconds(4 * 3600))
        #expect(file.maintenance.first?.matchers == ["pve2"])
        #expect(file.maintenance.first?.timeZone.identifier == "Europe/Berlin")
        do {
            _ = try AlertRulesFile.parse("repeat_interval: 10s\ntimezone: Mars/Olympus\nmaintenance:\n  - {weekly: sometimes}\n")
            Issue.record("expected problems")
        } catch {
            #expect(error.problems.map { String($0.prefix(while: { $0 != ":" })) } == ["repeat_interval", "timezone", "maintenance[0].weekly"])
        }
    }
}
