import Foundation
import Testing

@testable import Alerting

@Suite("Alert states saved as JSON by hand read back as JSONEncoder's would")
struct SavedJSONTests {
    static let start = Date(timeIntervalSince1970: 1_795_000_000.125)
    static let policy = AlertStateMachine.Policy(forDuration: 60, flapWindow: 600, flapTransitions: 3, repeatInterval: 300)

    /// A machine moved through `conditions`, one every 45 s.
    static func machine(_ conditions: [AlertCondition], value: Double? = 93.5, acknowledgedBy: String? = nil) -> AlertStateMachine {
        var machine = AlertStateMachine()
        for (index, condition) in conditions.enumerated() {
            _ = machine.handle(.observe(condition, value: value, at: start.addingTimeInterval(Double(index) * 45), suppressed: false),
                               policy: policy)
        }
        if let acknowledgedBy { _ = machine.handle(.acknowledge(by: acknowledgedBy, at: start.addingTimeInterval(1000)), policy: policy) }
        return machine
    }

    static let alerts: [TrackedAlert] = [
        TrackedAlert(id: "guest-cpu@homelab:101", cluster: "homelab", rule: "guest-cpu",
                     target: AlertTarget(id: "101", label: "VM 101 (web01)", alias: "web01", node: "pve1", tags: ["prod", "web"], pool: "apps"),
                     severity: .warning, label: "VM 101 (web01) CPU", machine: machine([])),
        TrackedAlert(id: "node-memory@homelab:pve2", cluster: "homelab", rule: "node-memory", target: AlertTarget(id: "pve2", label: "pve2"),
                     severity: .critical, label: "pve2 memory", machine: machine([.breaching])),
        TrackedAlert(id: "r@c:1", cluster: "c", rule: "r", target: AlertTarget(id: "1", label: "a \"quoted\" \\ name\nwith\ttabs \u{1} and ünïcødé 🚀"),
                     severity: .info, label: "l", machine: machine([.breaching, .breaching, .breaching], acknowledgedBy: "alice \"ops\"")),
        TrackedAlert(id: "flap@c:x", cluster: "c", rule: "flap", target: AlertTarget(id: "x", label: "x", tags: []), severity: .warning,
                     label: "x", machine: machine([.breaching, .breaching, .breaching, .clear, .breaching, .breaching, .breaching],
                                                  value: 0.000012)),
    ]

    @Test("every kind of state, quotes, control characters and Unicode read back equal, and equal to JSONEncoder's")
    func roundTrip() throws {
        for alert in Self.alerts {
            let text = try #require(alert.savedJSON)
            let decoded = try JSONDecoder().decode(TrackedAlert.self, from: Data(text.utf8))
            #expect(decoded == alert)
            let encoded = try JSONDecoder().decode(TrackedAlert.self, from: JSONEncoder().encode(alert))
            #expect(decoded == encoded)
        }
        #expect(Self.alerts[3].machine.isFlapping, "the fixture covers a flapping machine")
        #expect(Self.alerts[2].machine.acknowledgedBy != nil, "and an acknowledged one")
    }

    @Test("a value that is not a finite number is not written, as JSONEncoder refuses it")
    func notFinite() {
        var alert = Self.alerts[1]
        alert.machine = Self.machine([.breaching], value: .infinity)
        #expect(alert.savedJSON == nil)
        #expect((try? JSONEncoder().encode(alert)) == nil)
    }
}
