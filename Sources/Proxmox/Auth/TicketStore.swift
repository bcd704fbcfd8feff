import Foundation

/// Holds the current login ticket for password authentication.
///
/// Tickets live 2 hours; the store logs in again once one is older than `renewAfter` (1 h 45 min)
/// or after the server refused it. Concurrent callers share a single login: the first performs it,
/// the others wait for its result.
actor TicketStore {
    private var ticket: Ticket?
    private var loginInFlight = false
    private var waiters: [CheckedContinuation<Ticket, any Error>] = []
    private let renewAfter: TimeInterval
    private let now: @Sendable () -> Date

    init(renewAfter: TimeInterval = 105 * 60, now: @escaping @Sendable () -> Date) {
        self.renewAfter = renewAfter
        self.now = now
    }

    /// A ticket that is fresh enough, logging in with `login` when needed.
    func current(login: @Sendable () async throws -> Ticket) async throws -> Ticket {
        if let ticket, now().timeIntervalSince(ticket.obtainedAt) < renewAfter {
            return ticket
        }
        if loginInFlight {
            return try await withCheckedThrowingContinuation { waiters.append($0) }
        }
        loginInFlight = true
        let result: Result<Ticket, any Error>
        do {
            result = .success(try await login())
        } catch {
            result = .failure(error)
        }
        loginInFlight = false
        if case .success(let fresh) = result { ticket = fresh }
        let waiting = waiters
        waiters.removeAll()
        for waiter in waiting { waiter.resume(with: result) }
        return try result.get()
    }

    /// Forgets `stale` (the server refused it) unless another caller already replaced it.
    func invalidate(_ stale: Ticket) {
        if ticket == stale { ticket = nil }
    }
}
