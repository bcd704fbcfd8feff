/// A permission a role can grant. The catalog names the one each command needs.
public enum Permission: String, Sendable, CaseIterable, Codable, Comparable {
    case guestView = "guest.view"
    case guestPower = "guest.power"
    case guestTag = "guest.tag"
    /// Deploy guests from templates (`deploy vm`, `deploy ct`).
    case guestCreate = "guest.create"
    /// See backups, backup jobs and what can be deployed.
    case backupView = "backup.view"
    case backupRun = "backup.run"
    case backupRestore = "backup.restore"
    /// Download appliance templates to a storage.
    case templateDownload = "template.download"
    case consoleOpen = "console.open"
    case alertsManage = "alerts.manage"
    /// Read the homelab services beside Proxmox: firewall, DNS filter, reverse proxy, apps.
    case integrationsView = "integrations.view"
    /// Pause and resume DNS blocking (Pi-hole, AdGuard Home).
    case dnsManage = "dns.manage"
    /// Everything, including the audit log and administration commands.
    case admin = "admin"

    public static func < (lhs: Permission, rhs: Permission) -> Bool { lhs.rawValue < rhs.rawValue }
}
