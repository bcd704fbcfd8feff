import NexBoardCore

/// A sink over a chat adapter's `Responder` (the console's): sends and edits in the one channel it has.
///
/// Remembers the handle of each key it sent, so a retried key does not show twice while the process lives.
public actor ResponderSink: NotificationSink {
    private let responder: any Responder
    private var sent: [String: String] = [:]

    public init(responder: any Responder) {
        self.responder = responder
    }

    public func send(_ message: Message, to destination: String, key: String) async throws -> String {
        if let handle = sent[key] { return handle }
        let handle = try await responder.send(message).value
        sent[key] = handle
        return handle
    }

    public func edit(_ handle: String, _ message: Message, at destination: String) async throws {
        try await responder.edit(ReplyHandle(handle), message)
    }
}
