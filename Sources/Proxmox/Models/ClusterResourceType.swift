/// The `type` filter of `GET /cluster/resources`.
public enum ClusterResourceType: String, Sendable, CaseIterable {
    case vm, node, storage, pool, sdn
}
