import NexBoardCore

/// The roles every configuration has; `roles` in the file may add roles or redefine these.
public enum BuiltInRoles {
    /// `viewer`, `operator` and `admin` with their permissions.
    public static let all: [String: [Permission]] = [
        "viewer": [.guestView, .backupView, .integrationsView],
        "operator": [.guestView, .guestPower, .guestTag, .consoleOpen, .backupView, .backupRun, .integrationsView],
        "admin": [.admin],
    ]
}
