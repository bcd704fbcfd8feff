import NexBoardCore
import Proxmox

/// `/cluster/resources` of each cluster, kept for a few seconds: a burst of autocomplete keystrokes
/// (or of lookups for one list) is one Proxmox call, and callers that arrive while a call is in
/// flight share it. Commands that act on a guest read Proxmox directly, never this cache. Entries
/// age on the application's clock.
actor ClusterResourceCache {
    private struct Entry {
        var at: AnyClock.Instant
        var resources: [ClusterResource]
    }

    private let ttl: Duration
    private let clock: AnyClock
    private var entries: [String: Entry] = [:]
    private var inFlight: [String: Task<[ClusterResource], any Error>] = [:]

    init(ttl: Duration = .seconds(5), clock: AnyClock) {
        self.ttl = ttl
        self.clock = clock
    }

    /// The cluster's resources; a call made here logs to `cluster`'s client logger (the request that
    /// made it), and requests that arrive meanwhile share it.
    func resources(of cluster: ClusterHandle) async throws -> [ClusterResource] {
        if let entry = entries[cluster.name], entry.at.duration(to: clock.now) < ttl { return entry.resources }
        if let running = inFlight[cluster.name] { return try await running.value }
        // A task, not a child task: later callers await the same call. It ends with the call (the
        // client's deadline bounds it) and is not cancelled by one caller going away.
        let client = cluster.client
        let call = Task { try await client.clusterResources(type: nil) }
        inFlight[cluster.name] = call
        defer { inFlight[cluster.name] = nil }
        let resources = try await call.value
        entries[cluster.name] = Entry(at: clock.now, resources: resources)
        return resources
    }
}
