import Foundation

/// The state of a simulated Proxmox VE cluster: nodes, guests, storages, tasks and the cluster log,
/// plus knobs that tests use to make things go wrong.
///
/// Time moves with the wall clock: guest load is a deterministic function of time and seed, and
/// tasks finish lazily, the first time the cluster is looked at after their end time. No
/// background work runs, so a cluster needs no shutdown.
public actor SimulatedCluster {
    let options: SimulatorOptions
    let now: @Sendable () -> Double
    let createdAt: Double

    var nodes: [NodeState]
    var guests: [GuestState]
    /// VMID to index in `guests`.
    var guestIndex: [Int: Int]
    var tasks: [SimulatedTask] = []
    /// UPID string to index in `tasks`.
    var taskIndex: [String: Int] = [:]
    /// Indices in `tasks` of tasks still running.
    var runningTaskIndices: [Int] = []
    /// Whether the finished tasks of last night have been written (done on first use, as an
    /// actor's synchronous initializer cannot call its methods).
    var historySeeded = false
    var clusterLog: [ClusterLogEntry] = []
    /// How many requests each API path received (tests check caching).
    private var requestsByPath: [String: Int] = [:]
    var nextLogUID = 1
    var generator: SeededGenerator

    var latency: Duration?
    var injectedErrors: [InjectedError] = []
    var pendingTaskFailures: [Int: String] = [:]
    var tickets: [String: TicketSession] = [:]
    /// Backups written by vzdump tasks since the cluster was created (the generated ones are derived).
    var createdBackups: [SimulatedBackup] = []
    /// Notes and protection set on volumes through the content API, by volid.
    var volumeEdits: [String: VolumeEdit] = [:]
    /// Appliance templates downloaded through `POST /nodes/{node}/aplinfo`.
    var downloadedTemplates: [DownloadedTemplate] = []
    /// Console tickets from `vncproxy`/`termproxy`, by ticket, until their WebSocket connects.
    var consoleTickets: [String: ConsoleTicket] = [:]
    /// Bytes the console WebSockets received from clients after the RFB handshake began.
    var consoleBytesReceived = 0
    /// Console WebSockets connected now.
    var openConsoles = 0
    /// Storages that fail every write with "No space left on device".
    var fullStorages: Set<String> = []
    /// Backup Server snapshots synced from elsewhere (`addSyncedSnapshot`): on the datastore, not on `pbs-store`.
    var syncedSnapshots: [(vmid: Int, time: Double)] = []
    /// Backups of every guest, for benchmarks: 0 keeps the demo's handful (see `setBackupsPerGuest`).
    var backupsPerGuest = 0
    /// Those backups per "storage@node", made once.
    var denseBackupCache: [String: [DenseBackup]] = [:]

    struct InjectedError: Sendable {
        var status: Int
        var message: String
        var pathContains: String?
        var remaining: Int
    }

    struct TicketSession: Sendable {
        var username: String
        var csrfToken: String
        var issuedAt: Double
    }

    /// Creates a cluster generated from the options (same seed, same cluster).
    public init(options: SimulatorOptions = .init()) {
        self.init(options: options, now: { Date().timeIntervalSince1970 })
    }

    init(options: SimulatorOptions, now: @escaping @Sendable () -> Double) {
        self.options = options
        self.now = now
        let start = now()
        self.createdAt = start
        let generated = ClusterGenerator.generate(options: options, now: start)
        self.nodes = generated.nodes
        self.guests = generated.guests
        var index: [Int: Int] = [:]
        index.reserveCapacity(generated.guests.count)
        for (position, guest) in generated.guests.enumerated() { index[guest.vmid] = position }
        self.guestIndex = index
        self.generator = SeededGenerator(seed: options.seed ^ 0x5EED)
    }

    // MARK: - Test knobs

    /// Takes a node offline or brings it back. Offline: its guests show status "unknown" in
    /// `/cluster/resources` and `/nodes/{node}/...` answers 595 "No route to host".
    public func setNodeOnline(_ node: String, _ online: Bool) {
        settle()
        guard let index = nodes.firstIndex(where: { $0.name == node }) else { return }
        guard nodes[index].online != online else { return }
        nodes[index].online = online
        if online { nodes[index].bootTime = now().rounded() }
        appendLog(node: nodes[0].name, pid: 0, user: "root@pam", tag: "corosync",
                  priority: online ? 6 : 3, message: online ? "node '\(node)' joined the cluster" : "node '\(node)' left the cluster")
    }

    /// A running guest stops without a task, as if it had died.
    public func crashGuest(vmid: Int) {
        settle()
        guard let index = guestIndex[vmid], guests[index].isUp else { return }
        guests[index].power = .stopped
    }

    /// The next task on that guest ends with `message` as its exit status ("TASK ERROR: message" in the log).
    public func failNextTask(vmid: Int, message: String) {
        pendingTaskFailures[vmid] = message
    }

    /// Adds this delay to every request; nil removes it.
    public func setLatency(_ latency: Duration?) {
        self.latency = latency
    }

    /// The next `count` requests whose API path contains `pathContains` (any request when nil)
    /// fail with this status and message (in the reason phrase).
    public func injectError(status: Int, message: String, pathContains: String? = nil, count: Int = 1) {
        injectedErrors.append(InjectedError(status: status, message: message, pathContains: pathContains, remaining: count))
    }

    /// Pins a node's memory use to a fraction of its total (values outside 0...1 are clamped).
    public func setNodeMemory(_ node: String, usedFraction: Double) {
        guard let index = nodes.firstIndex(where: { $0.name == node }) else { return }
        nodes[index].pinnedMemoryFraction = min(1, max(0, usedFraction))
    }

    /// Replaces a guest's tags.
    public func setGuestTags(vmid: Int, tags: [String]) {
        guard let index = guestIndex[vmid] else { return }
        guests[index].tags = tags
    }

    /// Replaces a guest's notes (its `description`), as the web UI's Notes panel would.
    public func setGuestNotes(vmid: Int, _ notes: String) {
        guard let index = guestIndex[vmid] else { return }
        guests[index].description = notes
    }

    /// Renames a guest, as an edit of its `name` in Proxmox would.
    public func renameGuest(vmid: Int, to name: String) {
        guard let index = guestIndex[vmid] else { return }
        guests[index].name = name
    }

    /// Moves a guest to another node at once, as a finished migration would; nothing for an unknown node.
    public func moveGuest(vmid: Int, toNode node: String) {
        guard let index = guestIndex[vmid], let target = nodes.firstIndex(where: { $0.name == node }) else { return }
        guests[index].node = target
    }

    /// Number of guests in the cluster.
    public var guestCount: Int { guests.count }

    /// Name, node, status ("running", "stopped" or "paused") and tags of a guest, nil when it does not exist.
    public func guestSnapshot(vmid: Int) -> GuestSnapshot? {
        settle()
        guard let index = guestIndex[vmid] else { return nil }
        return snapshot(of: guests[index])
    }

    /// Every guest as `guestSnapshot` shows it, by VMID.
    public func guestSnapshots() -> [GuestSnapshot] {
        settle()
        return guests.sorted { $0.vmid < $1.vmid }.map(snapshot)
    }

    /// A guest as tests read it, straight from the simulation.
    public typealias GuestSnapshot = (vmid: Int, name: String, node: String, status: String, tags: [String], template: Bool)

    private func snapshot(of guest: GuestState) -> GuestSnapshot {
        (guest.vmid, guest.name, nodes[guest.node].name, guest.power == .paused ? "paused" : guest.statusText, guest.tags, guest.isTemplate)
    }

    /// Makes the first node report the served certificate's fingerprint in `/nodes`, as the
    /// node a client talks to does.
    func setLocalFingerprint(_ fingerprint: String) {
        nodes[0].fingerprint = fingerprint
    }

    // MARK: - Request admission

    /// How many requests reached API paths that start with `prefix` (`/cluster/resources`).
    public func requestCount(pathPrefix prefix: String) -> Int {
        requestsByPath.filter { $0.key.hasPrefix(prefix) }.reduce(0) { $0 + $1.value }
    }

    /// What to do before a request is routed: the delay to add and an injected error, if any.
    func admit(apiPath: String) -> (latency: Duration?, error: SimulatorAPIError?) {
        requestsByPath[apiPath, default: 0] += 1
        var injected: SimulatorAPIError?
        if let position = injectedErrors.firstIndex(where: { entry in
            entry.remaining > 0 && (entry.pathContains.map { apiPath.contains($0) } ?? true)
        }) {
            injectedErrors[position].remaining -= 1
            injected = SimulatorAPIError(status: injectedErrors[position].status, message: injectedErrors[position].message)
            if injectedErrors[position].remaining <= 0 { injectedErrors.remove(at: position) }
        }
        return (latency, injected)
    }

    // MARK: - Helpers for the routes

    func nodeIndex(_ name: String) throws(SimulatorAPIError) -> Int {
        guard let index = nodes.firstIndex(where: { $0.name == name }) else {
            throw SimulatorAPIError(status: 500, message: "hostname lookup '\(name)' failed - failed to get address info for: \(name): Name or service not known")
        }
        return index
    }

    /// The node's index, failing with 595 when it is offline.
    func onlineNodeIndex(_ name: String) throws(SimulatorAPIError) -> Int {
        let index = try nodeIndex(name)
        guard nodes[index].online else { throw .noRoute(node: name) }
        return index
    }

    /// The guest on that node and of that kind, failing as PVE does when its config file is not there.
    func guestPosition(node: Int, kind: GuestKind, vmid: Int) throws(SimulatorAPIError) -> Int {
        guard let index = guestIndex[vmid], guests[index].node == node, guests[index].kind == kind else {
            throw SimulatorAPIError(status: 500, message: "Configuration file 'nodes/\(nodes[node].name)/\(kind.configDirectory)/\(vmid).conf' does not exist")
        }
        return index
    }

    func appendLog(node: String, pid: Int, user: String, tag: String, priority: Int, message: String, time: Double? = nil) {
        clusterLog.append(ClusterLogEntry(uid: nextLogUID, time: Int(time ?? now()), node: node, pid: pid, user: user,
                                          tag: tag, priority: priority, message: message))
        nextLogUID += 1
        if clusterLog.count > 2_000 { clusterLog.removeFirst(clusterLog.count - 2_000) }
    }
}
