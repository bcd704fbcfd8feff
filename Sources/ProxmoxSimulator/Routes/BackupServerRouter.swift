/// Maps an `APIRequest` to the simulated Proxmox Backup Server of a cluster: its token, then the
/// endpoint. Failures on demand come from the cluster's `injectError` (paths as PBS names them).
struct BackupServerRouter: SimulatorRouting {
    let cluster: SimulatedCluster

    func handle(_ request: APIRequest) async throws(SimulatorAPIError) -> APIRouter.Answer {
        let admission = await cluster.admit(apiPath: "pbs:" + request.path)
        if let latency = admission.latency { try? await Task.sleep(for: latency) }
        if request.segments == ["ping"] { return .init(data: .object([("pong", true)])) }
        try await cluster.authenticateBackupServer(authorization: request.authorization)
        if let error = admission.error { throw error }
        let route = RoutePattern(method: request.method, segments: request.segments)
        if route.match("GET /version") != nil {
            return .init(data: .object([("version", "4.0"), ("release", "14"), ("repoid", "d8a4c4b2")]))
        }
        if route.match("GET /admin/datastore") != nil {
            return .init(data: await cluster.backupServerDatastores())
        }
        if route.match("GET /status/datastore-usage") != nil {
            return .init(data: await cluster.backupServerUsage())
        }
        if let match = route.match("GET /admin/datastore/{}/snapshots") {
            return .init(data: try await cluster.backupServerSnapshots(store: match[0], query: request.query))
        }
        if let match = route.match("GET /admin/datastore/{}/gc") {
            return .init(data: try await cluster.backupServerGarbageCollection(store: match[0]))
        }
        if route.match("GET /admin/gc") != nil {
            return .init(data: .array([try await cluster.backupServerGarbageCollection(store: SimulatedCluster.backupServerStore)]))
        }
        if route.match("GET /admin/verify") != nil {
            return .init(data: await cluster.backupServerJobs(kind: "verify"))
        }
        if route.match("GET /admin/prune") != nil {
            return .init(data: await cluster.backupServerJobs(kind: "prune"))
        }
        throw .notImplemented(request.method, request.path)
    }
}
