import Foundation

/// The confirmation lifecycle as a pure function: given the stored record (if any) and a button
/// press, what to answer and what state to store. No I/O and no clock; the store applies the result
/// inside one write transaction.
struct ConfirmationDecision: Equatable {
    var outcome: ConfirmationOutcome
    /// The state to write, or `nil` to leave the row as it is.
    var newState: ConfirmationState?

    static func decide(
        record: ConfirmationRecord?, subject: String, confirm: Bool, now: Date
    ) -> ConfirmationDecision {
        guard let record else {
            return ConfirmationDecision(outcome: .notFound, newState: nil)
        }
        guard record.subject == subject else {
            return ConfirmationDecision(outcome: .wrongUser, newState: nil)
        }
        switch record.state {
        case .confirmed, .cancelled:
            return ConfirmationDecision(outcome: .alreadyUsed, newState: nil)
        case .expired:
            return ConfirmationDecision(outcome: .expired, newState: nil)
        case .pending:
            break
        }
        if now >= record.expiresAt {
            return ConfirmationDecision(outcome: .expired, newState: .expired)
        }
        var resolved = record
        resolved.state = confirm ? .confirmed : .cancelled
        return ConfirmationDecision(
            outcome: confirm ? .confirmed(resolved) : .cancelled(resolved),
            newState: resolved.state
        )
    }
}
