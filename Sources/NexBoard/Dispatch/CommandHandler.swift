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
}

/// Raised when the policy refuses an action on a target. Audited as denied.
struct AccessDenied: UserFacingError {
    var reason: String
    var userMessage: String { "Not allowed. \(reason)" }
}

/// A request whose input is wrong in a way the parser could not know (an unknown guest, node, cluster).
struct InvalidRequest: UserFacingError {
    var userMessage: String
}
