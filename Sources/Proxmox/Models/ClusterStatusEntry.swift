/// One entry of `GET /cluster/status`: the cluster itself (quorum) or one node.
public struct ClusterStatusEntry: Sendable, Hashable, Decodable {
    /// Whether the entry describes the cluster or a node.
    public enum Kind: Sendable, Hashable, CustomStringConvertible {
        case cluster
        case node
        case unknown(String)

        public init(rawValue: String) {
            switch rawValue {
            case "cluster": self = .cluster
            case "node": self = .node
            default: self = .unknown(rawValue)
            }
        }

        public var rawValue: String {
            switch self {
            case .cluster: "cluster"
            case .node: "node"
            case .unknown(let value): value
            }
        }

        public var description: String { rawValue }
    }

    public var type: Kind
    public var name: String
    /// `cluster` or `node/{name}`.
    public var id: String
    /// Nodes only.
    public var online: Bool?
    /// Cluster entry only.
    public var quorate: Bool?
    /// Cluster entry only: number of nodes.
    public var nodes: Int?
    /// Nodes only.
    public var ip: String?
    /// Nodes only: whether this is the node that answered.
    public var local: Bool?
    public var nodeid: Int?

    public init(from decoder: any Decoder) throws {
        let c = try decoder.anyKeyed()
        type = Kind(rawValue: c.lenientString("type") ?? "")
        name = c.lenientString("name") ?? ""
        id = c.lenientString("id") ?? name
        online = c.lenientBool("online")
        quorate = c.lenientBool("quorate")
        nodes = c.lenientInt("nodes")
        ip = c.lenientString("ip")
        local = c.lenientBool("local")
        nodeid = c.lenientInt("nodeid")
    }
}
