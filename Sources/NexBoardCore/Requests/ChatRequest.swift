/// Where a command line came from. A button press or an automation re-enters the same command path.
public enum RequestOrigin: String, Sendable, Equatable {
    case typed, button, automation
}

/// A command from a chat platform, as the adapter hands it to the dispatcher.
public struct ChatRequest: Sendable, Equatable {
    /// Correlation id, passed to every log line and call made for this request (as `logMetadataKey`).
    public var id: String
    /// The platform's id (`console`...): the first part of this channel's alert destination.
    public var platform: String
    /// What the platform can show: handlers ask it (private replies, buttons), never its name.
    public var capabilities: ChatCapabilities
    /// The user who typed or pressed.
    public var subject: Subject
    /// Further identities of the same user (their roles on the platform), for bindings.
    public var groups: [Subject]
    public var channel: String?
    public var line: String
    public var origin: RequestOrigin

    public init(id: String, platform: String, capabilities: ChatCapabilities = .unlimited, subject: Subject, groups: [Subject] = [],
                channel: String? = nil, line: String, origin: RequestOrigin = .typed) {
        self.id = id
        self.platform = platform
        self.capabilities = capabilities
        self.subject = subject
        self.groups = groups
        self.channel = channel
        self.line = line
        self.origin = origin
    }

    /// Every identity a binding may name.
    public var subjects: [Subject] { [subject] + groups }

    /// The log metadata key of `id`, the one key for it everywhere: set by the adapter that received
    /// the request and by the dispatcher, it reaches the log lines of the Proxmox calls made for it.
    public static let logMetadataKey = "request_id"
}

/// Sends and edits the replies to one request. Each adapter implements it for its platform.
public protocol Responder: Sendable {
    /// Sends a new reply and returns a handle to edit it later.
    func send(_ message: Message) async throws -> ReplyHandle
    /// Replaces an earlier reply (task progress, a pressed button's outcome).
    func edit(_ handle: ReplyHandle, _ message: Message) async throws
}

/// Identifies a sent reply on its platform (a message id, a Slack ts, a console line number).
public struct ReplyHandle: Sendable, Hashable {
    public var value: String

    public init(_ value: String) {
        self.value = value
    }
}

/// How a request ended, for adapters that care (the console's script mode exits non-zero on `internalError`).
public enum DispatchOutcome: String, Sendable, Equatable {
    case ok
    /// Asked for confirmation, or resolved one.
    case awaitingConfirmation
    /// The input was wrong (unknown command, bad argument, unknown guest): the reply says why.
    case invalid
    case denied
    /// Proxmox or the action failed in a way the reply explains.
    case failed
    /// A bug or an unexpected failure: the reply carries a reference to the log.
    case internalError
}

