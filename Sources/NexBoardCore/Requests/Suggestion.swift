/// One autocomplete choice: what the user reads, and the value the option gets.
public struct Suggestion: Sendable, Equatable {
    public var label: String
    public var value: String

    public init(label: String, value: String) {
        self.label = label
        self.value = value
    }
}

/// What a user is typing into an option, for autocomplete.
public struct SuggestionQuery: Sendable, Equatable {
    /// Who is typing: their identities decide what may be suggested.
    public var subject: Subject
    public var groups: [Subject]
    /// The command's words (`["vm", "stop"]`).
    public var command: [String]
    /// The option being typed (`guest`).
    public var option: String
    /// What is typed so far.
    public var typed: String
    /// The cluster option, when already given.
    public var cluster: String?

    public init(subject: Subject, groups: [Subject] = [], command: [String], option: String, typed: String, cluster: String? = nil) {
        self.subject = subject
        self.groups = groups
        self.command = command
        self.option = option
        self.typed = typed
        self.cluster = cluster
    }

    public var subjects: [Subject] { [subject] + groups }
}
