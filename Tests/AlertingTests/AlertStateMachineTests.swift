import Foundation
import Testing

@testable import Alerting

@Suite("The alert lifecycle, step by step with a manual clock")
struct AlertStateMachineTests {
    let start = Date(timeIntervalSince1970: 1_795_000_000)
    let policy = AlertStateMachine.Policy(forDuration: 300, flapWindow: 600, flapTransitions: 4)

    func at(_ seconds: TimeInterval) -> Date { start.addingTimeInterval(seconds) }

    @Test("a breach becomes pending, fires only after the for duration, and resolves when it clears")
    func forDurationThenResolve() {
        var machine = AlertStateMachine()
        #expect(machine.handle(.observe(.breaching, value: 93, at: at(0), suppressed: false), policy: policy) == .none)
        #expect(machine.isPending)
        #expect(machine.handle(.observe(.breaching, value: 94, at: at(299), suppressed: false), policy: policy) == .none)
        #expect(machine.handle(.observe(.breaching, value: 95, at: at(300), suppressed: false), policy: policy) == .fire(since: at(300)))
        #expect(machine.isFiring)
        #expect(machine.handle(.observe(.breaching, value: 95, at: at(315), suppressed: false), policy: policy) == .none)
        #expect(machine.handle(.observe(.clear, value: 50, at: at(600), suppressed: false), policy: policy)
                == .resolve(since: at(300), at: at(600)))
        #expect(machine.isInactive)
    }

    @Test("a pending alert that dips below the threshold starts over")
    func pendingResets() {
        var machine = AlertStateMachine()
        _ = machine.handle(.observe(.breaching, value: 93, at: at(0), suppressed: false), policy: policy)
        _ = machine.handle(.observe(.holding, value: 88, at: at(200), suppressed: false), policy: policy)
        #expect(machine.isInactive)
        _ = machine.handle(.observe(.breaching, value: 93, at: at(250), suppressed: false), policy: policy)
        #expect(machine.handle(.observe(.breaching, value: 93, at: at(500), suppressed: false), policy: policy) == .none)
        #expect(machine.handle(.observe(.breaching, value: 93, at: at(550), suppressed: false), policy: policy) == .fire(since: at(550)))
    }

    @Test("hysteresis: a firing alert between the clear threshold and the threshold keeps firing")
    func hysteresis() {
        let rule = AlertRule(name: "mem", metric: .nodeMemory, threshold: 90, clear: 85)
        #expect(rule.condition(percent: 90) == .breaching)
        #expect(rule.condition(percent: 87) == .holding)
        #expect(rule.condition(percent: 85) == .clear)
        var machine = AlertStateMachine()
        let zero = AlertStateMachine.Policy(forDuration: 0)
        #expect(machine.handle(.observe(rule.condition(percent: 92), value: 92, at: at(0), suppressed: false), policy: zero)
                == .fire(since: at(0)))
        #expect(machine.handle(.observe(rule.condition(percent: 87), value: 87, at: at(15), suppressed: false), policy: zero) == .none)
        #expect(machine.isFiring)
        #expect(machine.handle(.observe(rule.condition(percent: 84), value: 84, at: at(30), suppressed: false), policy: zero)
                == .resolve(since: at(0), at: at(30)))
    }

    @Test("an alert that fires and resolves within a silence is never announced")
    func silencedEpisodeStaysQuiet() {
        var machine = AlertStateMachine()
        let zero = AlertStateMachine.Policy(forDuration: 0)
        #expect(machine.handle(.observe(.breaching, value: 99, at: at(0), suppressed: true), policy: zero) == .none)
        #expect(machine.isFiring)
        #expect(machine.handle(.observe(.clear, value: 10, at: at(60), suppressed: true), policy: zero) == .none)
        #expect(machine.handle(.observe(.clear, value: 10, at: at(120), suppressed: false), policy: zero) == .none)
        #expect(machine.isInactive)
    }

    @Test("an alert that outlasts its silence is announced when the silence ends")
    func announcedAfterSilence() {
        var machine = AlertStateMachine()
        let zero = AlertStateMachine.Policy(forDuration: 0)
        _ = machine.handle(.observe(.breaching, value: 99, at: at(0), suppressed: true), policy: zero)
        #expect(machine.handle(.observe(.breaching, value: 99, at: at(60), suppressed: false), policy: zero) == .fire(since: at(0)))
    }

    @Test("acknowledging a firing alert edits it once; a second acknowledgement does nothing; resolving clears it")
    func acknowledgement() {
        var machine = AlertStateMachine()
        let zero = AlertStateMachine.Policy(forDuration: 0)
        #expect(machine.handle(.acknowledge(by: "console:local", at: at(0)), policy: zero) == .none)
        _ = machine.handle(.observe(.breaching, value: 99, at: at(0), suppressed: false), policy: zero)
        #expect(machine.handle(.acknowledge(by: "console:local", at: at(10)), policy: zero)
                == .acknowledged(by: "console:local", since: at(0)))
        #expect(machine.label == "acknowledged")
        #expect(machine.handle(.acknowledge(by: "slack:U1", at: at(20)), policy: zero) == .none)
        _ = machine.handle(.observe(.clear, value: 1, at: at(30), suppressed: false), policy: zero)
        #expect(machine.acknowledgedBy == nil)
    }

    @Test("too many transitions in the window give one flapping notice, then quiet until stable")
    func flapping() {
        var machine = AlertStateMachine()
        let zero = AlertStateMachine.Policy(forDuration: 0, flapWindow: 600, flapTransitions: 4)
        var actions: [AlertStateMachine.Action] = []
        for step in 0..<8 {
            let condition: AlertCondition = step.isMultiple(of: 2) ? .breaching : .clear
            actions.append(machine.handle(.observe(condition, value: nil, at: at(Double(step) * 30), suppressed: false), policy: zero))
        }
        #expect(actions[0] == .fire(since: at(0)))
        #expect(actions[1] == .resolve(since: at(0), at: at(30)))
        #expect(actions[2] == .fire(since: at(60)))
        #expect(actions[3] == .flapping(at: at(90)))
        #expect(actions[4...].allSatisfy { $0 == .none })
        #expect(machine.isFlapping)
        // Stable (firing) for a whole window: it stops flapping; the message still out stays as it is.
        _ = machine.handle(.observe(.breaching, value: nil, at: at(240), suppressed: false), policy: zero)
        let settled = machine.handle(.observe(.breaching, value: nil, at: at(240 + 601), suppressed: false), policy: zero)
        #expect(!machine.isFlapping)
        #expect(settled == .none)
        #expect(machine.isFiring)
    }

    @Test("the machine survives encoding, as the store keeps it")
    func codable() throws {
        var machine = AlertStateMachine()
        _ = machine.handle(.observe(.breaching, value: 91, at: at(0), suppressed: false), policy: AlertStateMachine.Policy(forDuration: 0))
        let data = try JSONEncoder().encode(machine)
        let decoded = try JSONDecoder().decode(AlertStateMachine.self, from: data)
        #expect(decoded == machine)
    }
}
