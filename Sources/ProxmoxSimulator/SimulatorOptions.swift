/// Settings for a simulated Proxmox VE cluster.
///
/// The same options (in particular the same `seed`) always produce the same cluster layout.
public struct SimulatorOptions: Sendable {
    /// Number of cluster nodes, named `pve1`, `pve2`, ...
    public var nodes: Int
    /// Number of guests in total (VMs and containers mixed), VMIDs from 100.
    public var guests: Int
    /// Seed of the generator; the same seed gives the same cluster.
    public var seed: UInt64
    /// Accepted API token id, `USER@REALM!TOKENID`.
    public var tokenID: String
    /// Secret of the accepted API token.
    public var tokenSecret: String
    /// Users (`user@realm` to password) accepted by `POST /access/ticket`.
    public var users: [String: String]
    /// How long a power action's task runs before it finishes.
    public var taskDuration: Duration
    /// Cluster name shown by `/cluster/status`.
    public var clusterName: String

    /// Creates options; every value has a default that gives the demo cluster.
    public init(
        nodes: Int = 3,
        guests: Int = 25,
        seed: UInt64 = 42,
        tokenID: String = "root@pam!nexboard",
        tokenSecret: String = "11111111-2222-3333-4444-555555555555",
        users: [String: String] = ["root@pam": "demo"],
        taskDuration: Duration = .milliseconds(600),
        clusterName: String = "homelab"
    ) {
        self.nodes = max(1, nodes)
        self.guests = max(0, guests)
        self.seed = seed
        self.tokenID = tokenID
        self.tokenSecret = tokenSecret
        self.users = users
        self.taskDuration = taskDuration
        self.clusterName = clusterName
    }
}
