import Foundation

/// The two kinds of Proxmox guests.
enum GuestKind: String, Sendable {
    case qemu
    case lxc

    /// Directory of the guest's config file in /etc/pve, used in PVE's error messages.
    var configDirectory: String { self == .qemu ? "qemu-server" : "lxc" }
    /// How PVE names the guest in messages: "VM 101" or "CT 101".
    var label: String { self == .qemu ? "VM" : "CT" }
    /// Prefix of task types: qmstart, vzstart.
    var taskPrefix: String { self == .qemu ? "qm" : "vz" }
}

/// Power state of a guest; a suspended guest reports status "running" and qmpstatus "paused".
enum PowerState: Sendable {
    case running
    case stopped
    case paused
}

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

    var isUp: Bool { power != .stopped }

    /// "running" or "stopped", as PVE's status field.
    var statusText: String { isUp ? "running" : "stopped" }

    var tagString: String { tags.joined(separator: ";") }

    var macAddress: String {
        let bytes = [0xBC, 0x24, 0x11, Int(macSuffix >> 16 & 0xFF), Int(macSuffix >> 8 & 0xFF), Int(macSuffix & 0xFF)]
        return bytes.map { String(format: "%02X", $0) }.joined(separator: ":")
    }
}

/// Parameters of a guest's deterministic, slowly moving load.
struct LoadProfile: Sendable {
    var cpuBase: Double
    var cpuSwing: Double
    var memoryBase: Double
    var memorySwing: Double
    var phase: Double
    var period: Double
    var networkRate: Double
    var diskRate: Double

    /// CPU use (fraction of the guest's cores) at the given time.
    func cpu(at time: Double, vmid: Int) -> Double {
        let wave = (sin(time / period * 2 * Double.pi + phase) + 1) / 2
        let noise = SeededGenerator.unit(UInt64(vmid), UInt64(max(0, time / 5))) * 0.04
        return min(1, max(0, cpuBase + cpuSwing * wave + noise))
    }

    /// Memory use (fraction of the guest's maximum) at the given time.
    func memory(at time: Double) -> Double {
        let wave = (sin(time / (period * 3) * 2 * Double.pi + phase * 1.7) + 1) / 2
        return min(0.98, max(0.05, memoryBase + memorySwing * wave))
    }
}
