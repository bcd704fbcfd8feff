import Synchronization

/*
 How a written outbox row reaches the delivery loop at once.

 The delivery service passes over the outbox on an interval (1 s), which is what retries and paced
 rows wait for. A new row should not wait for that: whoever writes rows (the alert center, after its
 commit) calls `signal()`, and the loop's wait between passes ends. A signal while no one waits is
 kept (once), so a row written during a pass is picked up by the next pass right after it.
 */

/// Wakes the delivery loop when outbox rows were written. Shared by the writer and the delivery service.
public final class DeliveryWakeup: Sendable {
    private struct State {
        var pending = false
        var waiter: CheckedContinuation<Void, Never>?
    }

    private let state = Mutex(State())

    public init() {}

    /// Rows were written: ends the current wait, or the next one at once.
    public func signal() {
        let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
            guard let waiter = state.waiter else {
                state.pending = true
                return nil
            }
            state.waiter = nil
            return waiter
        }
        waiter?.resume()
    }

    /// Waits until `signal()` (returns at once when one came since the last wait) or until the
    /// task is cancelled. One waiter at a time: the delivery loop.
    func wait() async {
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let resumeNow = state.withLock { state -> Bool in
                    if state.pending {
                        state.pending = false
                        return true
                    }
                    if Task.isCancelled { return true }
                    state.waiter = continuation
                    return false
                }
                if resumeNow { continuation.resume() }
            }
        } onCancel: {
            state.withLock { state -> CheckedContinuation<Void, Never>? in
                defer { state.waiter = nil }
                return state.waiter
            }?.resume()
        }
    }

    /// Waits until `signal()` or until `interval` passed on `clock`, whichever comes first.
    func wait<C: Clock>(atMost interval: Duration, on clock: C) async throws where C.Duration == Duration {
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await self.wait() }
            group.addTask { try await clock.sleep(for: interval) }
            defer { group.cancelAll() }
            try await group.next()
        }
    }
}
