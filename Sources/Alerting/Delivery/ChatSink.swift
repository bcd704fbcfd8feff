import NexBoardCore

/// A sink over a chat platform: the console's `Responder`, or a chat adapter's channel messages.
///
/// Remembers the handles of the last `remembered` keys it sent, so a key retried soon after (the
/// send went through but marking the outbox row failed) does not show twice; older keys are
/// forgotten, as retries come within minutes. `send` gets the key too, for platforms that refuse a
/// repeat themselves, across restarts (a nonce the platform enforces).
public actor ChatSink: NotificationSink {
    public typealias Send = @Sendable (_ message: Message, _ destination: String, _ key: String) async throws -> String
    public typealias Edit = @Sendable (_ handle: String, _ message: Message, _ destination: String) async throws -> Void

    public nonisolated let pace: DeliveryPace
    private let sendMessage: Send
    private let editMessage: Edit
    private let remembered: Int
    private var sent: [String: String] = [:]
    private var order: [String] = []

    /// - Parameter pace: the platform's, as it declares it (`ChatPlatform.pace`).
    public init(pace: DeliveryPace, send: @escaping Send, edit: @escaping Edit, remembering remembered: Int = 1_000) {
        self.pace = pace
        self.sendMessage = send
        self.editMessage = edit
        self.remembered = max(1, remembered)
    }

    /// Over a `Responder` with one channel (the console's): the destination is ignored.
    public init(responder: any Responder, pace: DeliveryPace = .fallback) {
        self.init(pace: pace, send: { message, _, _ in try await responder.send(message).value },
                  edit: { handle, message, _ in try await responder.edit(ReplyHandle(handle), message) })
    }

    public func send(_ message: Message, to destination: String, key: String) async throws -> String {
        if let handle = sent[key] { return handle }
        let handle = try await sendMessage(message, destination, key)
        sent[key] = handle
        order.append(key)
        if order.count > remembered {
            sent[order.removeFirst()] = nil
        }
        return handle
    }

    public func edit(_ handle: String, _ message: Message, at destination: String) async throws {
        try await editMessage(handle, message, destination)
    }
}
