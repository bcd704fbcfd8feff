import NexBoardCore

/// How Matrix identities read in bindings: `matrix:@user:server`.
public enum MatrixIdentity {
    public static let user: Subject.Kind = "matrix"

    public static let forms = [
        SubjectForm(kind: user, example: "matrix:@user:server") { identifier in
            guard identifier.hasPrefix("@"), let colon = identifier.firstIndex(of: ":") else { return false }
            return colon > identifier.index(after: identifier.startIndex) && colon < identifier.index(before: identifier.endIndex)
        },
    ]
}
