/// Where a confirmation is in its life: it starts `pending` and ends in exactly one of the others.
public enum ConfirmationState: String, Sendable, Hashable, Codable {
    case pending
    case confirmed
    case cancelled
    case expired
}
