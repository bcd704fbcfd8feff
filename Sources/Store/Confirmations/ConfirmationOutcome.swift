/// What happened when someone pressed Confirm or Cancel.
public enum ConfirmationOutcome: Sendable, Equatable {
    /// The requester confirmed in time; run `record.commandLine`. Happens at most once per id.
    case confirmed(ConfirmationRecord)
    /// The requester cancelled in time.
    case cancelled(ConfirmationRecord)
    /// No such id (never created, forged, or pruned).
    case notFound
    /// The confirmation ran out of time before it was resolved.
    case expired
    /// It was already confirmed or cancelled.
    case alreadyUsed
    /// Someone other than the requester pressed the button; the confirmation stays pending.
    case wrongUser
}
