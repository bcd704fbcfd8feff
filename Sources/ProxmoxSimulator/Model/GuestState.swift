import Foundation

/// One simulated VM or container.
struct GuestState: Sendable {
    var vmid: Int
    var kind: GuestKind
    var name: String
    var node: Int
    var power: PowerState
    var isTemplate: Bool
    var tags: [String]
    var pool: String?
    var haState: String?
    var cores: Int
    var maxMemory: Int
    var maxDisk: Int
    var maxSwap: Int
    var diskFraction: Double
    /// Epoch seconds when the guest last started (uptime grows from here).
    var startedAt: Double
    var description: String
    var load: LoadProfile
    var macSuffix: UInt32
    /// Cloud-init settings (`ciuser`, `sshkeys`, `ipconfig0`) and other config keys set by a deploy.
    var extraConfig: [String: String] = [:]

    var isUp: Bool { power != .stopped }

    /// "running" or "stopped", as PVE's status field.
    var statusText: String { isUp ? "running" : "stopped" }

    var tagString: String { tags.joined(separator: ";") }

    var macAddress: String {
        let bytes = [0xBC, 0x24, 0x11, Int(macSuffix >> 16 & 0xFF), Int(macSuffix >> 8 & 0xFF), Int(macSuffix & 0xFF)]
        return bytes.map { String(format: "%02X", $0) }.joined(separator: ":")
    }
}

