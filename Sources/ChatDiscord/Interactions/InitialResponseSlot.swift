/// Carries the first answer to an HTTP interaction from the task that handles it to the HTTP
/// request waiting for it. Filled at most once; a wait that times out closes the slot.
actor InitialResponseSlot {
    /// The slot was closed (the HTTP request timed out) before the answer came.
    struct Closed: Error {}

    private var response: DiscordInteractionResponse?
    private var waiter: CheckedContinuation<DiscordInteractionResponse?, Never>?
    private var closed = false

    func deliver(_ value: DiscordInteractionResponse) throws {
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
    func wait() async -> DiscordInteractionResponse? {
        if let response { closed = true; return response }
        if closed { return nil }
        return await withCheckedContinuation { waiter = $0 }
    }

    func close() {
        closed = true
        waiter?.resume(returning: nil)
        waiter = nil
    }
}
