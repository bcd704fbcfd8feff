extension ProxmoxClient {
    /// `GET /nodes/{node}/rrddata`: the node's history, oldest first.
    public func nodeRRD(node: String, timeframe: RRDTimeframe, consolidation: RRDConsolidation = .average) async throws -> [RRDPoint] {
        try await request(.nodeRRD(node: node, timeframe: timeframe, consolidation: consolidation), as: [RRDPoint].self)
            .sorted { $0.time < $1.time }
    }

    /// `GET /nodes/{node}/{qemu|lxc}/{vmid}/rrddata`: the guest's history, oldest first.
    public func guestRRD(node: String, kind: GuestKind, vmid: Int, timeframe: RRDTimeframe,
                         consolidation: RRDConsolidation = .average) async throws -> [RRDPoint] {
        try await request(.guestRRD(node: node, kind: kind, vmid: vmid, timeframe: timeframe, consolidation: consolidation),
                          as: [RRDPoint].self)
            .sorted { $0.time < $1.time }
    }

    /// `GET /nodes/{node}/network`.
    public func nodeNetwork(node: String) async throws -> [NetworkInterface] {
        try await request(.nodeNetwork(node: node), as: [NetworkInterface].self)
    }

    /// `GET /cluster/sdn/zones` and `/cluster/sdn/vnets`; empty where SDN is not set up (older
    /// clusters answer 501 or 404 for the path).
    public func sdn() async throws -> (zones: [SDNZone], vnets: [SDNVnet]) {
        do {
            async let zones = request(.sdnZones, as: [SDNZone].self)
            async let vnets = request(.sdnVnets, as: [SDNVnet].self)
            return (try await zones, try await vnets)
        } catch ProxmoxError.notFound {
            return ([], [])
        } catch ProxmoxError.server(let status, _) where status == 501 {
            return ([], [])
        }
    }
}
