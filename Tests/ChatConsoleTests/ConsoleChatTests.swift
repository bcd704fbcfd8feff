@testable import ChatConsole
import Foundation
import NexBoardCore
import Synchronization
import Testing

/// What the console writes, in order.
final class Transcript: Sendable {
    private let text = Mutex("")

    var value: String { text.withLock { $0 } }
    func append(_ more: String) { text.withLock { $0 += more } }

    /// Waits (polling, up to 5 s) until the transcript ends with `suffix`.
    func waitForEnd(_ suffix: String) async -> Bool {
        for _ in 0..<500 {
            if value.hasSuffix(suffix) { return true }
            try? await Task.sleep(for: .milliseconds(10))
        }
        return false
    }
}

/// Answers every request with "ran <line>".
struct EchoHandler: ChatRequestHandling {
    func admit(_ request: ChatRequest) async -> Admission { .accepted(visibility: .channel, slow: false) }

    func handle(_ request: ChatRequest, responder: any Responder, buttonMessage: ReplyHandle?) async -> DispatchOutcome {
        _ = try? await responder.send(Message(text: "ran \(request.line)"))
        return .ok
    }

    func suggestions(_ query: SuggestionQuery) async -> [Suggestion] { [] }
}

@Suite("The console chat")
struct ConsoleChatTests {
    let transcript = Transcript()

    /// A chat whose handler answers every line with "ran <line>" (an info message: rendered "ℹ ran <line>").
    func chat() -> ConsoleChat {
        ConsoleChat(subject: ConsoleIdentity.local, write: { [transcript] in transcript.append($0) }, handler: EchoHandler())
    }

    @Test("shows the prompt after the welcome and after each reply, and stops at quit")
    func interactive() async {
        let (lines, input) = AsyncStream.makeStream(of: String.self)
        for line in ["nodes", "  ", "quit", "never run"] { input.yield(line) }
        await chat().runInteractive(input: lines)
        #expect(transcript.value == "NexBoard console. You are console:local. Type `help`, `overview` or `quit`.\nnex> ℹ ran nodes\nnex> nex> ")
    }

    @Test("a notification while the prompt waits starts on a line of its own, and the prompt shows again")
    func notificationAtThePrompt() async throws {
        let chat = chat()
        let (lines, input) = AsyncStream.makeStream(of: String.self)
        let running = Task { await chat.runInteractive(input: lines) }
        #expect(await transcript.waitForEnd("nex> "))
        _ = try await chat.notificationResponder.send(Message(text: "VM 100 stopped"))
        #expect(transcript.value.hasSuffix("nex> \nℹ VM 100 stopped\nnex> "), "\(transcript.value)")
        input.yield("nodes")
        #expect(await transcript.waitForEnd("nex> ℹ ran nodes\nnex> "), "\(transcript.value)")
        input.finish()
        await running.value
    }

    @Test("a notification while a line runs is written as it comes, with no extra prompt")
    func notificationDuringAReply() async throws {
        let chat = chat()
        _ = try await chat.notificationResponder.send(Message(text: "VM 100 stopped"))
        await chat.submit("nodes")
        #expect(transcript.value == "ℹ VM 100 stopped\nℹ ran nodes\n")
    }

    @Test("a number past the last reply's buttons, or confirm where it has none, says which buttons there are")
    func missingButton() async throws {
        let chat = ConsoleChat(subject: ConsoleIdentity.local, write: { [transcript] in transcript.append($0) }, handler: ButtonsHandler(count: 2))
        #expect(await chat.submit("5") == .invalid)
        #expect(transcript.value == "✖ There is no button to press: the last reply had none.\n")
        await chat.submit("overview")
        #expect(await chat.submit("5") == .invalid)
        #expect(await chat.submit("confirm") == .invalid)
        #expect(transcript.value.hasSuffix("""
        ✖ There is no button 5: the last reply's buttons are 1 to 2.
        ✖ The last reply has no Confirm button: type the number of one of its buttons.

        """), "\(transcript.value)")
        await chat.submit("2")
        #expect(transcript.value.hasSuffix("→ Button 2\nℹ ran show 2\n"), "\(transcript.value)")
    }

    @Test("a reply fits 80 columns: buttons wrap onto rows, values of several lines stay under their first line")
    func fitsTheTerminal() async throws {
        let chat = ConsoleChat(subject: ConsoleIdentity.local, write: { [transcript] in transcript.append($0) }, handler: ButtonsHandler(count: 9))
        await chat.submit("overview")
        let lines = transcript.value.split(separator: "\n")
        #expect(lines.allSatisfy { $0.count <= 80 }, "\(transcript.value)")
        #expect(lines.contains("Interfaces  WAN: up"))
        #expect(lines.contains("            LAN: up"))
        #expect(lines.filter { $0.hasPrefix("[") }.count == 2, "\(transcript.value)")
    }
}

/// Answers `show N` with "ran show N", and any other line with a reply that has `count` buttons
/// (`Button N`, pressing it runs `show N`) and a field of two lines.
struct ButtonsHandler: ChatRequestHandling {
    let count: Int

    func admit(_ request: ChatRequest) async -> Admission { .accepted(visibility: .channel, slow: false) }

    func handle(_ request: ChatRequest, responder: any Responder, buttonMessage: ReplyHandle?) async -> DispatchOutcome {
        if request.line.hasPrefix("show ") {
            _ = try? await responder.send(Message(text: "ran \(request.line)"))
        } else {
            let buttons = (1...count).map { Button("Button \($0)", command: "show \($0)") }
            _ = try? await responder.send(Message(title: "A reply", fields: [.init("Interfaces", "WAN: up\nLAN: up")], buttons: buttons))
        }
        return .ok
    }

    func suggestions(_ query: SuggestionQuery) async -> [Suggestion] { [] }
}

@Suite("Lines from the terminal")
struct TerminalInputTests {
    @Test("lines lose their \\n or \\r\\n, a last line without one is kept, UTF-8 cut between reads is whole")
    func splitting() {
        var splitter = LineSplitter()
        let bytes = Array("nodes\r\nvm stop wéb01\nhelp".utf8)
        let cut = bytes.firstIndex(of: 0xC3)! + 1  // inside "é"
        #expect(splitter.append(bytes[..<cut]) == ["nodes"])
        #expect(splitter.append(bytes[cut...]) == ["vm stop wéb01"])
        #expect(splitter.finish() == "help")
        #expect(splitter.finish() == nil)
    }

    @Test("reads a descriptor to its end on a thread of its own")
    func readsToTheEnd() async throws {
        let pipe = Pipe()
        let lines = TerminalInput.lines(from: pipe.fileHandleForReading.fileDescriptor)
        pipe.fileHandleForWriting.write(Data("whoami\nnodes\n".utf8))
        try pipe.fileHandleForWriting.close()
        var read: [String] = []
        for await line in lines { read.append(line) }
        #expect(read == ["whoami", "nodes"])
    }
}

@Suite("The terminal writer")
struct TerminalWriterTests {
    /// Reads to the end on a thread of its own: a blocking read must not hold a thread of the cooperative pool.
    static func readToEnd(_ handle: FileHandle) async -> Data {
        await withCheckedContinuation { continuation in
            Thread { continuation.resume(returning: handle.readDataToEndOfFile()) }.start()
        }
    }

    @Test("write returns at once even when nobody reads, and flush waits until all of it is written, in order")
    func neverBlocksTheCaller() async throws {
        let pipe = Pipe()
        let writer = TerminalWriter(descriptor: pipe.fileHandleForWriting.fileDescriptor)
        // 1 MiB: far more than a pipe holds (64 KiB), so a direct write would block here.
        let chunk = String(repeating: "x", count: 1023) + "\n"
        let started = ContinuousClock.now
        for _ in 0..<1024 { writer.write(chunk) }
        writer.write("end\n")
        #expect(ContinuousClock.now - started < .seconds(1))

        async let read = Self.readToEnd(pipe.fileHandleForReading)
        await writer.flush()
        try pipe.fileHandleForWriting.close()
        let data = await read
        #expect(data.count == 1024 * 1024 + 4)
        #expect(String(decoding: data.suffix(4), as: UTF8.self) == "end\n")
    }
}
