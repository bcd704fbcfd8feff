import Proxmox

/// The kind of console a link opens (`vm console --kind`).
public enum ConsoleKind: String, Sendable, CaseIterable {
    /// A graphical console in the browser (noVNC over Proxmox's `vncproxy`).
    case novnc
    /// A text terminal in the browser (xterm.js over Proxmox's `termproxy`).
    case xterm
    /// A `.vv` file for virt-viewer (Proxmox's `spiceproxy`).
    case spice

    /// noVNC for virtual machines, a terminal for containers.
    static func standard(for guest: GuestKind) -> ConsoleKind {
        guest == .qemu ? .novnc : .xterm
    }
}
