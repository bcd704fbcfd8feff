/// The health of one component, and of the whole process in `/healthz`.
public enum ComponentState: String, Sendable, Codable {
    case ok
    case degraded
    case down
    /// Not ready yet (connecting, first poll pending). Counts as degraded in the overall status.
    case starting
}
