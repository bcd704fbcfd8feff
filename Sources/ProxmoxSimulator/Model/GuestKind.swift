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
