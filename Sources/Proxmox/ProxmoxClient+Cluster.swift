extension ProxmoxClient {
    /// `GET /version`.
    public func version() async throws -> PVEVersion {
        try await request(.version, as: PVEVersion.self)
    }

    /// `GET /cluster/status`: quorum and which nodes are online.
    public func clusterStatus() async throws -> [ClusterStatusEntry] {
        try await request(.clusterStatus, as: [ClusterStatusEntry].self)
    }

    /// `GET /cluster/resources`, optionally filtered by type.
    ///
    /// PVE filters `vm`, `node`, `storage` and `sdn` itself; `pool` is not a PVE filter value, so the
    /// client asks for everything and keeps the pools.
    public func clusterResources(type: ClusterResourceType? = nil) async throws -> [ClusterResource] {
        let resources = try await request(.clusterResources(type: type), decode: ClusterResource.list(fromAnswer:))
        return type == .pool ? resources.filter { $0.type == .pool } : resources
    }

    /// `GET /cluster/tasks`: recent tasks of all nodes.
    public func clusterTasks() async throws -> [TaskSummary] {
        try await request(.clusterTasks, as: [TaskSummary].self)
    }

    /// `GET /cluster/log`: the cluster's event log, newest first.
    public func clusterLog(max: Int? = nil) async throws -> [ClusterLogEntry] {
        try await request(.clusterLog(max: max), as: [ClusterLogEntry].self)
    }
}
