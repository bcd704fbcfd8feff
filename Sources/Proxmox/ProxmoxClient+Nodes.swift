extension ProxmoxClient {
    /// `GET /nodes`.
    public func nodes() async throws -> [NodeSummary] {
        try await request(.nodes, as: [NodeSummary].self)
    }

    /// `GET /nodes/{node}/status`.
    public func nodeStatus(node: String) async throws -> NodeStatus {
        try await request(.nodeStatus(node: node), as: NodeStatus.self)
    }
}
