import Foundation
import Logging
import NexBoardCore

/// One chat platform (Discord, Slack, Matrix, the console) on ChatKit: what it can do, how fast
/// alerts may reach one of its channels, and how to serve one connection until it drops. The shell,
/// `ChatAdapter`, owns the rest: reconnecting, a task per inbound event, dropping repeats, health.
public protocol ChatPlatform: Sendable {
    /// `discord`, `slack`, `matrix`, `console`: the first part of its alert destinations.
    var id: String { get }
    var capabilities: ChatCapabilities { get }
    /// How fast one of its channels may receive notifications.
    var pace: DeliveryPace { get }
    /// Posts and edits channel messages (alerts, reports); nil when the platform cannot post on its own.
    var channels: (any ChatChannels)? { get }
    /// When its session is finished (the console's input ended), NexBoard stops: the demo's chat.
    var endsTheRun: Bool { get }

    /// Work at start that may take long or be retried (registering commands). It runs beside the
    /// sessions, never before them: nothing a platform does at start holds requests back.
    func prepare(logger: Logger) async
    /// Connects and serves one session until it drops; inbound events go to `session.inbox`.
    func serveSession(_ session: ChatSession) async throws -> SessionOutcome
    /// Routes the platform answers on the HTTP page (signed webhooks), delivering to `inbox`.
    func httpRoutes(inbox: ChatInbox) -> [ChatHTTPRoute]
    /// Releases what the platform opened (HTTP clients), after the adapter stopped.
    func shutdown() async
}

extension ChatPlatform {
    public var channels: (any ChatChannels)? { nil }
    public var endsTheRun: Bool { false }
    public func prepare(logger: Logger) async {}
    public func httpRoutes(inbox: ChatInbox) -> [ChatHTTPRoute] { [] }
    public func shutdown() async {}
}

/// What a platform's session is given by the shell.
public struct ChatSession: Sendable {
    /// Where received events go.
    public let inbox: ChatInbox
    public let logger: Logger
    /// To call once the session is established (the platform is up): health turns ok and the
    /// reconnect backoff starts over when it drops.
    public let established: @Sendable () async -> Void
    /// To call while established with a detail for the platform's health (rooms it cannot read).
    public let note: @Sendable (String) async -> Void

    public init(inbox: ChatInbox, logger: Logger, established: @escaping @Sendable () async -> Void,
                note: @escaping @Sendable (String) async -> Void = { _ in }) {
        self.inbox = inbox
        self.logger = logger
        self.established = established
        self.note = note
    }
}

/// Channel messages a platform can post and edit on its own (alerts, edited when they resolve).
public protocol ChatChannels: Sendable {
    /// Posts `message` in `channel`. `key` identifies it (an outbox row): a platform that can refuse
    /// a repeat itself (Discord's nonce) uses it, so a post retried after a crash shows once.
    func post(_ message: Message, to channel: String, key: String?) async throws -> ReplyHandle
    func edit(_ handle: ReplyHandle, _ message: Message, in channel: String) async throws
}

/// Something a platform received: an interaction, an envelope, a room event.
public struct InboundEvent: Sendable {
    /// Unique per event on its platform (an interaction id, an envelope id, an event id): a repeat
    /// within the dedupe window is not handled again. nil: never a repeat (a local console line).
    public var key: String?
    /// A repeat must be recognised across a restart too (commands that can change things).
    public var durable: Bool
    /// Handles the event to the end (answered, the dispatcher's reply sent).
    public var handle: @Sendable (Logger) async -> Void
    /// Answers a repeat harmlessly instead (an HTTP delivery that waits for an answer).
    public var repeated: @Sendable (Logger) async -> Void

    public init(key: String?, durable: Bool = true, handle: @escaping @Sendable (Logger) async -> Void,
                repeated: @escaping @Sendable (Logger) async -> Void = { _ in }) {
        self.key = key
        self.durable = durable
        self.handle = handle
        self.repeated = repeated
    }
}

/// Where a platform's sessions and HTTP routes put what they receive. Each event is handled in a
/// task of the adapter's own, so it outlives the connection it came on.
public struct ChatInbox: Sendable {
    let continuation: AsyncStream<InboundEvent>.Continuation

    public func deliver(_ event: InboundEvent) {
        continuation.yield(event)
    }
}

/// A request to a platform's HTTP route, as the HTTP page received it.
public struct ChatHTTPRequest: Sendable {
    /// Header names in lower case.
    public var headers: [String: String]
    public var body: Data

    public init(headers: [String: String], body: Data) {
        self.headers = Dictionary(headers.map { ($0.key.lowercased(), $0.value) }, uniquingKeysWith: { first, _ in first })
        self.body = body
    }
}

/// What a platform's HTTP route answers.
public struct ChatHTTPResponse: Sendable, Equatable {
    public var status: Int
    public var contentType: String
    public var body: Data

    public init(status: Int, contentType: String = "application/json", body: Data) {
        self.status = status
        self.contentType = contentType
        self.body = body
    }
}

/// A route on the HTTP page that a platform serves (`POST /discord/interactions`).
public struct ChatHTTPRoute: Sendable {
    public var method: String
    public var path: String
    /// The most bytes of body accepted.
    public var maximumBodySize: Int
    public var handle: @Sendable (ChatHTTPRequest) async -> ChatHTTPResponse

    public init(method: String = "POST", path: String, maximumBodySize: Int = 1 << 20,
                handle: @escaping @Sendable (ChatHTTPRequest) async -> ChatHTTPResponse) {
        self.method = method
        self.path = path
        self.maximumBodySize = maximumBodySize
        self.handle = handle
    }
}
