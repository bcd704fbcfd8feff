/// The port the server bound, for callers that wait for it (tests, the demo printing its URL).
actor ListeningPort {
    private var port: Int?
    private var stopped = false
    private var waiters: [CheckedContinuation<Int, Never>] = []

    /// The server is listening on `port`.
    func listening(on port: Int) {
        self.port = port
        resumeWaiters(with: port)
    }

    /// The server stopped; waiters that never saw it listen get 0.
    func stop() {
        stopped = true
        resumeWaiters(with: port ?? 0)
    }

    func wait() async -> Int {
        if let port { return port }
        if stopped { return 0 }
        return await withCheckedContinuation { waiters.append($0) }
    }

    private func resumeWaiters(with port: Int) {
        let waiting = waiters
        waiters = []
        for waiter in waiting {
            waiter.resume(returning: port)
        }
    }
}
