import NexBoardCore

/// Runs one catalog command. One handler per file, small; it returns a `Message` and never talks
/// to a chat platform itself.
protocol CommandHandler: Sendable {
    /// The catalog name this handler serves (`"vm stop"`).
    var command: String { get }
    func handle(_ context: CommandContext) async throws -> Message
}

/// Raised by a handler (through `CommandContext.confirm`) when a destructive action needs a
/// Confirm button press first. The dispatcher turns it into the question.
struct ConfirmationNeeded: Error {
    var summary: String
    /// The command to run on Confirm, pinned to the cluster and the guest's VMID.
    var line: String
    /// The guest the question names, checked again on Confirm.
    var target: ConfirmationTarget?
}

/// Raised when the policy refuses an action on a target. Audited as denied.
struct AccessDenied: UserFacingError {
    var reason: String
    var userMessage: String { "Not allowed. \(reason)" }
}

/// A target the requester may not see. They read exactly what they would read if it did not exist;
/// the audit log, which only admins read, names it.
struct HiddenTarget: UserFacingError {
    /// "VM 105 (nextcloud) on homelab", for the audit log.
    var target: String
    var userMessage: String
}

/// A request whose input is wrong in a way the parser could not know (an unknown guest, node, cluster).
struct InvalidRequest: UserFacingError {
    var userMessage: String
}
