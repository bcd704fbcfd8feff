import NexBoardCore
import Proxmox

/// What one console link was issued for: who asked, from where, and which console of which guest.
struct ConsoleGrant: Sendable, Equatable {
    /// The requester and their further identities (roles), checked again when the link is opened.
    let subject: Subject
    let subjects: [Subject]
    let platform: String
    let channel: String?
    let cluster: String
    let vmid: Int
    let guestKind: GuestKind
    /// The guest's name and node when the link was issued (the page shows them).
    let name: String
    let node: String
    let kind: ConsoleKind

    /// "VM 101 (web01) on homelab", for the audit log.
    var audited: String { "\(guestKind == .qemu ? "VM" : "CT") \(vmid) (\(name)) on \(cluster)" }
}
