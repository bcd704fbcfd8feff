extension ProxmoxClient {
    /// `GET /nodes/{node}/qemu` or `/lxc`.
    public func guests(node: String, kind: GuestKind) async throws -> [GuestSummary] {
        try await request(
            .guests(node: node, kind: kind), as: [GuestSummary].self,
            context: .init(node: node, kind: kind))
    }

    /// `GET /nodes/{node}/{qemu|lxc}/{vmid}/status/current`.
    public func guestStatus(node: String, kind: GuestKind, vmid: Int) async throws -> GuestStatus {
        try await request(.guestStatus(node: node, kind: kind, vmid: vmid), as: GuestStatus.self)
    }

    /// `GET /nodes/{node}/{qemu|lxc}/{vmid}/config`.
    public func guestConfig(node: String, kind: GuestKind, vmid: Int) async throws -> GuestConfig {
        try await request(.guestConfig(node: node, kind: kind, vmid: vmid), as: GuestConfig.self)
    }

    /// `PUT /nodes/{node}/{qemu|lxc}/{vmid}/config` with `tags=a;b` (an empty list deletes the tags).
    public func setGuestTags(node: String, kind: GuestKind, vmid: Int, tags: [String]) async throws {
        _ = try await send(.setGuestTags(node: node, kind: kind, vmid: vmid, tags: tags))
    }

    /// `POST /nodes/{node}/{qemu|lxc}/{vmid}/status/{action}`; returns the task to follow.
    public func powerAction(_ action: PowerAction, node: String, kind: GuestKind, vmid: Int) async throws -> UPID {
        try await startTask(.powerAction(action, node: node, kind: kind, vmid: vmid))
    }
}
