extension ProxmoxClient {
    /// Sends an endpoint whose answer is the UPID of the task it started.
    func startTask(_ endpoint: ProxmoxEndpoint) async throws -> UPID {
        let raw = try await request(endpoint, as: String.self)
        guard let upid = UPID(raw) else {
            throw ProxmoxError.invalidResponse(detail: "\(endpoint.template): not a task id")
        }
        return upid
    }

    /// `GET /nodes/{node}/tasks`: recent tasks of one node, newest first.
    public func nodeTasks(node: String, limit: Int? = nil, errorsOnly: Bool = false, vmid: Int? = nil) async throws
        -> [TaskSummary]
    {
        try await request(
            .nodeTasks(node: node, limit: limit, errorsOnly: errorsOnly, vmid: vmid), as: [TaskSummary].self)
    }

    /// `GET /nodes/{node}/tasks/{upid}/status`.
    public func taskStatus(_ upid: UPID) async throws -> TaskStatus {
        try await request(.taskStatus(upid), as: TaskStatus.self, context: .init(node: upid.node, upid: upid))
    }

    /// `GET /nodes/{node}/tasks/{upid}/log` from line `start`, at most `limit` lines.
    public func taskLog(_ upid: UPID, start: Int = 0, limit: Int = 500) async throws -> [TaskLogLine] {
        try await request(.taskLog(upid, start: start, limit: limit), as: [TaskLogLine].self)
    }

    /// Polls until the task stops, waiting `pollInterval` between polls on the client's clock; calls
    /// progress on each poll; throws ProxmoxError.timeout when the next poll would come after `timeout`.
    ///
    /// Returns the final status whether the task succeeded or not; check `succeeded` (and throw
    /// `ProxmoxError.taskFailed` if the caller wants an error).
    public func waitForTask(
        _ upid: UPID, pollInterval: Duration = .milliseconds(500), timeout: Duration = .seconds(600),
        progress: @Sendable (TaskStatus) async -> Void = { _ in }
    ) async throws -> TaskStatus {
        let deadline = clock.now.advanced(by: timeout)
        while true {
            let status = try await taskStatus(upid)
            await progress(status)
            if status.status != .running {
                return status
            }
            if clock.now.advanced(by: pollInterval) > deadline {
                throw ProxmoxError.timeout(cluster: clusterName, after: timeout)
            }
            try await clock.sleep(for: pollInterval)
        }
    }
}
