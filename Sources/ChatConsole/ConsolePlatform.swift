import ChatKit
import NexBoardCore

/// The terminal chat on ChatKit. Its one session is the whole conversation: the interactive chat
/// (until the end of input or `quit`) or a script's lines; when it is finished, the demo ends.
/// Notifications for `console:console` subscriptions are printed between the replies.
public final class ConsolePlatform: ChatPlatform, ChatChannels, Sendable {
    public let id = "console"
    /// Private replies are marked "(only you)"; buttons are numbered; edits print again with ↻.
    public static let capabilities = ChatCapabilities(
        privateReplies: true, buttons: true, edits: true, threads: false, reactions: false, attachments: false,
        textLength: .max, buttonsPerMessage: 9, fieldsPerMessage: .max)
    public var capabilities: ChatCapabilities { Self.capabilities }
    public let pace = DeliveryPace.fallback
    public var channels: (any ChatChannels)? { self }
    public var endsTheRun: Bool { true }

    /// What the chat reads.
    public enum Input: Sendable {
        /// Lines run one after another, each echoed before its reply (`demo --script`); `finished`
        /// is told how many hit an internal error (the demo's exit status).
        case script([String], finished: @Sendable (_ internalErrors: Int) -> Void)
        /// Lines typed at the terminal, each after a prompt; `banner` is shown first.
        case interactive(AsyncStream<String>, banner: @Sendable () async -> String?)
    }

    public let chat: ConsoleChat
    private let input: Input

    public init(chat: ConsoleChat, input: Input) {
        self.chat = chat
        self.input = input
    }

    public func serveSession(_ session: ChatSession) async throws -> SessionOutcome {
        await session.established()
        switch input {
        case let .script(lines, finished):
            finished(await chat.runScript(lines))
        case let .interactive(lines, banner):
            if let banner = await banner() { chat.show(banner) }
            await chat.runInteractive(input: lines)
        }
        return .finished
    }

    public func post(_ message: Message, to channel: String, key: String?) async throws -> ReplyHandle {
        try await chat.notificationResponder.send(message)
    }

    public func edit(_ handle: ReplyHandle, _ message: Message, in channel: String) async throws {
        try await chat.notificationResponder.edit(handle, message)
    }
}
