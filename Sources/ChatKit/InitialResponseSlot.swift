/// Carries the first answer to a request delivered over HTTP (a Discord interaction, a Slack slash
/// command) from the task that handles it to the HTTP request waiting for it. Filled at most once; a
/// wait that times out closes the slot, and a late answer is refused (the platform then goes on
/// through its other channels).
public actor InitialResponseSlot<Response: Sendable> {
    /// The slot was closed (the HTTP request timed out) before the answer came.
    public struct Closed: Error {}

    private var response: Response?
    private var waiter: CheckedContinuation<Response?, Never>?
    private var closed = false

    public init() {}

    public func deliver(_ value: Response) throws {
        guard !closed, response == nil else { throw Closed() }
        if let waiter {
            self.waiter = nil
            closed = true
            waiter.resume(returning: value)
        } else {
            response = value
        }
    }

    /// The answer, or nil when `close()` came first.
    public func wait() async -> Response? {
        if let response { closed = true; return response }
        if closed { return nil }
        return await withCheckedContinuation { waiter = $0 }
    }

    public func close() {
        closed = true
        waiter?.resume(returning: nil)
        waiter = nil
    }

    /// The answer, or nil when none came within `limit` (then the slot is closed).
    public nonisolated func wait(atMost limit: Duration, sleep: @escaping @Sendable (Duration) async throws -> Void) async -> Response? {
        let answer = await withTaskGroup(of: Response?.self) { group in
            group.addTask { await self.wait() }
            group.addTask {
                try? await sleep(limit)
                await self.close()
                return nil
            }
            let first = await group.next() ?? nil
            group.cancelAll()
            return first
        }
        await close()
        return answer
    }
}
