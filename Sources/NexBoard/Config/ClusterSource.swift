/// Where a cluster's API is: a real Proxmox VE cluster, or a simulated one embedded in the process.
public enum ClusterSource: Sendable, Equatable {
    /// A real cluster at `url` (`http(s)://host[:port]`, no trailing slash and no `/api2/json`).
    /// `caFile` is an absolute path to the PEM trust root for its certificate; `insecureTLS` skips
    /// certificate verification.
    case remote(url: String, auth: ClusterAuth, caFile: String?, insecureTLS: Bool)
    /// An embedded simulated cluster (demo and trials).
    case simulator(nodes: Int, guests: Int, seed: UInt64)
}
