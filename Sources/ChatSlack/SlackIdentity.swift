import NexBoardCore

/// How Slack identities read in bindings: `slack:<user id>` (U… or W…), and `slack-team:<team id>`
/// to restrict a workspace.
public enum SlackIdentity {
    public static let user: Subject.Kind = "slack"
    public static let team: Subject.Kind = "slack-team"

    public static let forms = [
        SubjectForm(kind: user, example: "slack:<user id>") { $0.allSatisfy { $0.isASCII && ($0.isUppercase || $0.isNumber) } },
        SubjectForm(kind: team, example: "slack-team:<team id>") { $0.allSatisfy { $0.isASCII && ($0.isUppercase || $0.isNumber) } },
    ]
}
