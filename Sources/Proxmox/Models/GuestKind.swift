/// The two kinds of Proxmox guests.
public enum GuestKind: String, Sendable, Codable, CaseIterable {
    /// A QEMU/KVM virtual machine.
    case qemu
    /// An LXC container.
    case lxc
}
