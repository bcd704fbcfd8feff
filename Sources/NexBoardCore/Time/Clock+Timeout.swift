extension Clock where Duration == Swift.Duration {
    /// Runs `operation` against `timeout` slept on this clock, in a task group: returns the
    /// operation's result, or nil when the timeout passes first. The loser is cancelled.
    ///
    /// The transports use it for a request's whole exchange (head and body), which a client's own
    /// deadline does not cover, so that a test moves the deadline with a manual clock. When the
    /// caller is cancelled, the sleep throws: cancellation is never mistaken for the timeout.
    public func withTimeout<T: Sendable>(_ timeout: Duration, _ operation: @escaping @Sendable () async throws -> T) async throws -> T? {
        try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask { try await operation() }
            group.addTask {
                try await self.sleep(for: timeout)
                return nil
            }
            let first = try await group.next() ?? nil
            group.cancelAll()
            return first
        }
    }
}
