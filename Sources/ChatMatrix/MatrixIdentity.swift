import NexBoardCore

/// How Matrix identities read in bindings: `matrix:@user:server` for one user, and
/// `matrix-server:server` for every user of a homeserver.
public enum MatrixIdentity {
    public static let user: Subject.Kind = "matrix"
    public static let server: Subject.Kind = "matrix-server"

    public static let forms = [
        SubjectForm(kind: user, example: "matrix:@user:server") { serverName(ofUser: $0) != nil },
        SubjectForm(kind: server, example: "matrix-server:server") { isServerName($0) },
    ]

    /// The server part of a user id (`@alice:example.org` → `example.org`); nil when it is not a user id.
    public static func serverName(ofUser id: String) -> String? {
        guard id.hasPrefix("@"), let colon = id.firstIndex(of: ":"),
              colon > id.index(after: id.startIndex) else { return nil }
        let server = String(id[id.index(after: colon)...])
        return isServerName(server) ? server : nil
    }

    /// A server name: a host name or address, optionally with a port (`example.org`, `localhost:8448`).
    public static func isServerName(_ text: String) -> Bool {
        !text.isEmpty && text.count <= 255
            && text.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "-.:[]".contains($0)) }
    }

    /// The subjects a user's request carries: the user, then their homeserver.
    public static func subjects(of userID: String) -> (user: Subject, groups: [Subject]) {
        let user = Subject(kind: Self.user, identifier: userID)
        return (user, serverName(ofUser: userID).map { [Subject(kind: server, identifier: $0)] } ?? [])
    }
}
