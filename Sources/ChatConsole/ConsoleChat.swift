import Foundation
import Logging
import NexBoardCore

/// The terminal chat of `nexboard demo`: each line is a command as typed after `/nex` in Slack.
///
/// Replies print as text; buttons show as numbered choices. A line `confirm` or `cancel`, or a
/// button's number, presses a button of the last reply that had buttons.
public final class ConsoleChat: Sendable {
    public let subject: Subject
    private let handler: any ChatRequestHandling
    private let output: ConsoleOutput
    private let state = ConsoleState()

    /// - Parameter write: where text for the terminal goes, exactly as it should appear (replies end
    ///   with a line break, the prompt does not): a `TerminalWriter` in the demo, a buffer in tests.
    public init(subject: Subject, renderer: TextRenderer = TextRenderer(width: ConsolePlatform.capabilities.monospaceWidth), write: @escaping @Sendable (String) -> Void,
                handler: any ChatRequestHandling) {
        self.subject = subject
        self.handler = handler
        self.output = ConsoleOutput(renderer: renderer, sink: write)
    }

    /// Posts messages that are not replies (alert notifications) into the console; their buttons
    /// can be pressed by number like a reply's. One that arrives while the prompt waits for a line
    /// starts on a line of its own, and the prompt is shown again after it.
    public var notificationResponder: any Responder {
        ConsoleResponder(output: output, state: state, interjects: true)
    }

    /// Runs one line and waits until its reply is final (a followed task has ended).
    @discardableResult
    public func submit(_ line: String) async -> DispatchOutcome {
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty, !trimmed.hasPrefix("#") else { return .ok }
        let id = await state.nextRequestID()
        switch await pressedButton(trimmed) {
        case nil:
            break
        case let .missing(reason):
            output.write("✖ \(reason)")
            return .invalid
        case let .button(button, handle):
            output.write("→ \(button.label)")
            let request = ChatRequest(id: id, platform: "console", capabilities: ConsolePlatform.capabilities, subject: subject,
                                      channel: "console", line: button.command, origin: .button)
            return await handler.handle(request, responder: ConsoleResponder(output: output, state: state, interjects: false), buttonMessage: handle)
        }
        let request = ChatRequest(id: id, platform: "console", capabilities: ConsolePlatform.capabilities, subject: subject,
                                  channel: "console", line: trimmed)
        return await handler.handle(request, responder: ConsoleResponder(output: output, state: state, interjects: false), buttonMessage: nil)
    }

    /// Prints a line of its own (a banner).
    public func show(_ line: String) {
        output.write(line)
    }

    /// Runs lines one after another, as `demo --script` does. Returns the number of lines that hit an internal error.
    public func runScript(_ lines: some Sequence<String>, echo: Bool = true) async -> Int {
        var internalErrors = 0
        for line in lines {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            guard !trimmed.isEmpty, !trimmed.hasPrefix("#") else { continue }
            if echo { output.write("\n> \(trimmed)") }
            if await submit(trimmed) == .internalError { internalErrors += 1 }
        }
        return internalErrors
    }

    /// The interactive chat: a prompt, then each line of `input` and its reply, until the end of
    /// `input` or `quit`.
    public func runInteractive(input: some AsyncSequence<String, Never>, prompt: String = "nex> ") async {
        output.write("NexBoard console. You are \(subject). Type `help`, `overview` or `quit`.")
        await state.showPrompt(prompt, on: output)
        for await line in input {
            await state.promptAnswered()
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if ["quit", "exit", "\\q"].contains(trimmed.lowercased()) { break }
            await submit(trimmed)
            await state.showPrompt(prompt, on: output)
        }
    }

    /// A line that presses a button: the button, or why there is none to press.
    private enum Press {
        case button(Button, ReplyHandle)
        case missing(String)
    }

    /// nil: the line is not a button press.
    private func pressedButton(_ line: String) async -> Press? {
        let lowered = line.lowercased()
        let index: Int?
        switch lowered {
        case "confirm", "yes": index = nil
        case "cancel", "no": index = nil
        default:
            guard let number = Int(lowered), number >= 1, number <= 9 else { return nil }
            index = number - 1
        }
        guard let last = await state.lastButtons else { return .missing("There is no button to press: the last reply had none.") }
        if let index {
            guard index < last.buttons.count else {
                let range = last.buttons.count == 1 ? "1" : "1 to \(last.buttons.count)"
                return .missing("There is no button \(index + 1): the last reply's buttons are \(range).")
            }
            return .button(last.buttons[index], last.handle)
        }
        let verb = lowered == "yes" ? "confirm" : (lowered == "no" ? "cancel" : lowered)
        guard let button = last.buttons.first(where: { $0.command.hasPrefix("\(verb) ") }) else {
            return .missing("The last reply has no \(verb.capitalized) button: type the number of one of its buttons.")
        }
        return .button(button, last.handle)
    }
}

/// Prints rendered replies; every line of a reply is indented under a marker so that a script's
/// output reads as a transcript.
struct ConsoleOutput: Sendable {
    let renderer: TextRenderer
    let sink: @Sendable (String) -> Void

    /// Writes `text` as a line of its own.
    func write(_ text: String) {
        sink(text + "\n")
    }

    func show(_ message: Message, edited: Bool) {
        var text = renderer.render(message)
        if message.visibility == .requester { text = "(only you) " + text }
        write(edited ? "↻ " + text : text)
    }
}

actor ConsoleState {
    private var counter = 0
    private var replies = 0
    private(set) var lastButtons: (buttons: [Button], handle: ReplyHandle)?
    /// The prompt while it waits for a line, nil otherwise.
    private var waitingPrompt: String?

    func nextRequestID() -> String {
        counter += 1
        return "console-\(counter)"
    }

    func nextReplyHandle() -> ReplyHandle {
        replies += 1
        return ReplyHandle("reply-\(replies)")
    }

    func showPrompt(_ prompt: String, on output: ConsoleOutput) {
        output.sink(prompt)
        waitingPrompt = prompt
    }

    func promptAnswered() {
        waitingPrompt = nil
    }

    /// Writes what `write` writes; while the prompt waits, on a line after it, and shows the prompt again.
    func interject(on output: ConsoleOutput, _ write: () -> Void) {
        guard let prompt = waitingPrompt else { return write() }
        output.sink("\n")
        write()
        output.sink(prompt)
    }

    func remember(_ message: Message, handle: ReplyHandle) {
        if !message.buttons.isEmpty {
            lastButtons = (message.buttons, handle)
        } else if lastButtons?.handle == handle {
            lastButtons = nil
        }
    }
}

struct ConsoleResponder: Responder {
    let output: ConsoleOutput
    let state: ConsoleState
    /// Whether its messages may arrive while the prompt waits (notifications), rather than while a line runs (replies).
    let interjects: Bool

    func send(_ message: Message) async throws -> ReplyHandle {
        let handle = await state.nextReplyHandle()
        await show(message, edited: false)
        await state.remember(message, handle: handle)
        return handle
    }

    func edit(_ handle: ReplyHandle, _ message: Message) async throws {
        await show(message, edited: true)
        await state.remember(message, handle: handle)
    }

    private func show(_ message: Message, edited: Bool) async {
        if interjects {
            await state.interject(on: output) { output.show(message, edited: edited) }
        } else {
            output.show(message, edited: edited)
        }
    }
}
