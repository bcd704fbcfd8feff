extension ProxmoxClient {
    /// `POST /nodes/{node}/{qemu|lxc}/{vmid}/spiceproxy`: a one-time SPICE ticket for virt-viewer,
    /// reached through `proxy` (a host name or address: Proxmox answers `http://<proxy>:3128`; nil,
    /// the guest's node).
    public func spiceProxy(node: String, kind: GuestKind, vmid: Int, proxy: String?) async throws -> SpiceConfig {
        try await request(.spiceProxy(node: node, kind: kind, vmid: vmid, proxy: proxy), as: SpiceConfig.self)
    }
}
