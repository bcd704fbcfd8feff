import Foundation
import Testing
@testable import Store

@Suite("Confirmation lifecycle decisions")
struct ConfirmationDecisionTests {
    private let now = Date(timeIntervalSince1970: 1_800_000_000)

    private func record(_ state: ConfirmationState, expiresIn seconds: TimeInterval = 60) -> ConfirmationRecord {
        ConfirmationRecord(
            id: "abc", subject: "slack:U1", platform: "slack", channel: nil, commandLine: "vm stop 101",
            summary: "Stop VM 101", createdAt: now, expiresAt: now.addingTimeInterval(seconds), state: state)
    }

    @Test("a missing record is not found and changes nothing")
    func missing() {
        let decision = ConfirmationDecision.decide(record: nil, subject: "slack:U1", confirm: true, now: now)
        #expect(decision == ConfirmationDecision(outcome: .notFound, newState: nil))
    }

    @Test("the wrong user changes nothing, even on an expired pending record")
    func wrongUser() {
        let decision = ConfirmationDecision.decide(
            record: record(.pending, expiresIn: -1), subject: "slack:U2", confirm: true, now: now)
        #expect(decision == ConfirmationDecision(outcome: .wrongUser, newState: nil))
    }

    @Test("a pending record past its expiry becomes expired")
    func pendingPastExpiry() {
        let decision = ConfirmationDecision.decide(
            record: record(.pending, expiresIn: 0), subject: "slack:U1", confirm: true, now: now)
        #expect(decision == ConfirmationDecision(outcome: .expired, newState: .expired))
    }

    @Test("used and expired records change nothing")
    func finalStates() {
        for state in [ConfirmationState.confirmed, .cancelled] {
            let decision = ConfirmationDecision.decide(record: record(state), subject: "slack:U1", confirm: true, now: now)
            #expect(decision == ConfirmationDecision(outcome: .alreadyUsed, newState: nil))
        }
        let expired = ConfirmationDecision.decide(record: record(.expired), subject: "slack:U1", confirm: true, now: now)
        #expect(expired == ConfirmationDecision(outcome: .expired, newState: nil))
    }

    @Test("a pending record in time becomes confirmed or cancelled")
    func inTime() {
        var confirmed = record(.pending)
        confirmed.state = .confirmed
        #expect(
            ConfirmationDecision.decide(record: record(.pending), subject: "slack:U1", confirm: true, now: now)
                == ConfirmationDecision(outcome: .confirmed(confirmed), newState: .confirmed))
        var cancelled = record(.pending)
        cancelled.state = .cancelled
        #expect(
            ConfirmationDecision.decide(record: record(.pending), subject: "slack:U1", confirm: false, now: now)
                == ConfirmationDecision(outcome: .cancelled(cancelled), newState: .cancelled))
    }
}
