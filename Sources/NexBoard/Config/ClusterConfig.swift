/// One Proxmox VE cluster NexBoard manages (an entry of `clusters`).
public struct ClusterConfig: Sendable, Equatable {
    /// The unique name users and alerts refer to it by, `[a-z0-9][a-z0-9-]*`.
    public var name: String
    /// How to reach it: a real cluster's API or an embedded simulator.
    public var source: ClusterSource
    /// The deadline of each API request (`timeout`, default 10s, 1s to 5m).
    public var timeout: Duration
    /// Its Proxmox Backup Server (`pbs`); a simulated cluster always has a simulated one.
    public var backupServer: BackupServerConfig?

    public init(name: String, source: ClusterSource, timeout: Duration = .seconds(10)) {
        self.name = name
        self.source = source
        self.timeout = timeout
    }
}
