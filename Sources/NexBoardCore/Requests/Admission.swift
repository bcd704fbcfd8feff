/// What can be decided about a request before its platform acknowledges it, without asking Proxmox:
/// whether the command exists, its arguments parse and the requester holds its permission at all.
public enum Admission: Sendable, Equatable {
    /// Answer at once with this private message; nothing else happens (a refusal is already audited).
    case refused(Message, DispatchOutcome)
    /// Run it. `visibility`: whom the answer is for, so a platform can acknowledge privately from
    /// the start; `slow`: it follows a task, so the platform acknowledges first and edits later.
    case accepted(visibility: Message.Visibility, slow: Bool)
}
