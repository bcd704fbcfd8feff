/// A permission a role can grant. The catalog names the one each command needs.
public enum Permission: String, Sendable, CaseIterable, Codable, Comparable {
    case guestView = "guest.view"
    case guestPower = "guest.power"
    case guestTag = "guest.tag"
    case guestCreate = "guest.create"
    case backupRun = "backup.run"
    case backupRestore = "backup.restore"
    case consoleOpen = "console.open"
    case alertsManage = "alerts.manage"
    /// Everything, including the audit log and administration commands.
    case admin = "admin"

    public static func < (lhs: Permission, rhs: Permission) -> Bool { lhs.rawValue < rhs.rawValue }
}
