import NexBoardCore

/// How the terminal user reads in bindings: `console:local` (or another name given as
/// `console.subject`).
public enum ConsoleIdentity {
    public static let user: Subject.Kind = "console"
    public static let local = Subject(kind: user, identifier: "local")

    public static let forms = [
        SubjectForm(kind: user, example: "console:local") { $0.allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" } },
    ]
}
