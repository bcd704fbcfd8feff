import NexBoardCore

/// How Discord identities read in bindings: `discord:<user id>` and `discord-role:<role id>`
/// (snowflakes: digits).
public enum DiscordIdentity {
    public static let user: Subject.Kind = "discord"
    public static let role: Subject.Kind = "discord-role"

    public static let forms = [
        SubjectForm(kind: user, example: "discord:<user id>") { $0.allSatisfy { $0.isASCII && $0.isNumber } },
        SubjectForm(kind: role, example: "discord-role:<role id>") { $0.allSatisfy { $0.isASCII && $0.isNumber } },
    ]
}
