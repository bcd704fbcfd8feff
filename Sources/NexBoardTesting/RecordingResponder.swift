import NexBoardCore

/// A fake chat: records every reply sent and edited, so a test can read the conversation.
public actor RecordingResponder: Responder {
    public struct Entry: Sendable {
        public var handle: ReplyHandle
        public var message: Message
        public var edited: Bool
    }

    public private(set) var entries: [Entry] = []
    private var counter = 0

    public init() {}

    public func send(_ message: Message) async throws -> ReplyHandle {
        counter += 1
        let handle = ReplyHandle("m\(counter)")
        entries.append(Entry(handle: handle, message: message, edited: false))
        return handle
    }

    public func edit(_ handle: ReplyHandle, _ message: Message) async throws {
        entries.append(Entry(handle: handle, message: message, edited: true))
    }

    /// The latest version of the latest reply.
    public var last: Message? { entries.last?.message }

    /// Every message as text, in order (for assertions that read like the console).
    public var transcript: [String] {
        entries.map { TextRenderer().render($0.message) }
    }

    /// The handle of the latest reply that had buttons, and those buttons.
    public var lastButtons: (handle: ReplyHandle, buttons: [Button])? {
        entries.last { !$0.message.buttons.isEmpty }.map { ($0.handle, $0.message.buttons) }
    }
}
