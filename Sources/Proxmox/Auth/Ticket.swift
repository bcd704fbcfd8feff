import Foundation
import NexBoardCore

/// A PVE login ticket (`PVEAuthCookie`) with its CSRF token and when it was obtained.
struct Ticket: Sendable, Equatable {
    var ticket: Secret
    var csrfToken: Secret
    var obtainedAt: Date
}
