import NexBoardCore
import Proxmox

/// `/cluster/resources` of each cluster, kept for a few seconds: a burst of autocomplete keystrokes
/// (or of lookups for one list) is one Proxmox call, and callers that arrive while a call is in
/// flight share it. Commands that act on a guest read Proxmox directly, never this cache.
actor ClusterResourceCache {
    private struct Entry {
        var at: Duration
        var resources: [ClusterResource]
    }

    private let ttl: Duration
    private let now: @Sendable () -> Duration
    private var entries: [String: Entry] = [:]
    private var inFlight: [String: Task<[ClusterResource], any Error>] = [:]

    init<C: Clock>(ttl: Duration = .seconds(5), clock: C) where C.Duration == Duration {
        self.ttl = ttl
        let origin = clock.now
        self.now = { origin.duration(to: clock.now) }
    }

    func resources(of cluster: ClusterHandle) async throws -> [ClusterResource] {
        if let entry = entries[cluster.name], now() - entry.at < ttl { return entry.resources }
        if let running = inFlight[cluster.name] { return try await running.value }
        // A task, not a child task: later callers await the same call. It ends with the call (the
        // client's deadline bounds it) and is not cancelled by one caller going away.
        let client = cluster.client
        let call = Task { try await client.clusterResources(type: nil) }
        inFlight[cluster.name] = call
        defer { inFlight[cluster.name] = nil }
        let resources = try await call.value
        entries[cluster.name] = Entry(at: now(), resources: resources)
        return resources
    }
}
