import ChatKit
import Foundation
import NexBoardCore
import Testing

@Suite("Rendering helpers every platform shares")
struct RenderingHelperTests {
    @Test("long text splits at line ends within the limit, and nothing is lost")
    func chunks() {
        let text = (1...200).map { "line \($0) " + String(repeating: "x", count: $0 % 37) }.joined(separator: "\n")
        let pieces = TextChunks.split(text, limit: 500)
        #expect(pieces.count > 1)
        #expect(pieces.allSatisfy { $0.utf16.count <= 500 })
        #expect(pieces.joined(separator: "\n") == text)
        let long = String(repeating: "é", count: 1_200)
        #expect(TextChunks.split(long, limit: 500).joined() == long)
        #expect(TextChunks.split("short", limit: 500) == ["short"])
    }

    @Test("a preview keeps whole first lines, and cuts a long first line with …")
    func preview() {
        #expect(TextChunks.preview("a\nb\nc\nd", lines: 2, limit: 100) == "a\nb")
        #expect(TextChunks.preview(String(repeating: "x", count: 50), lines: 3, limit: 10) == String(repeating: "x", count: 9) + "…")
    }

    @Test("output files: the whole message as plain text, named after the title, parts within the size")
    func files() {
        let message = Message(title: "Task log · VM 101", text: "**done**",
                              code: (1...100).map { "log line \($0)" }.joined(separator: "\n"))
        let (single, lines) = OutputFile.files(for: message, byteLimit: 1 << 20)
        #expect(single.map(\.filename) == ["task-log-vm-101.txt"])
        #expect(String(decoding: single[0].data, as: UTF8.self).hasPrefix("Task log · VM 101\n\ndone\n\nlog line 1\n"))
        #expect(lines == 104)
        let (parts, _) = OutputFile.files(for: message, byteLimit: 300)
        #expect(parts.count > 3)
        #expect(parts.allSatisfy { $0.data.count <= 300 })
        #expect(parts.first?.filename == "task-log-vm-101-part1.txt")
        #expect(Data(parts.flatMap(\.data)) == single[0].data)
        #expect(OutputFile.notice(single, lines: lines) == "… full output attached as task-log-vm-101.txt (104 lines)")
        #expect(OutputFile.slug("🔔 !!!") == "nexboard-output")
    }

    @Test("a long button command gets a short, stable key")
    func buttonKeys() {
        let command = "vm stop 101 --cluster " + String(repeating: "a", count: 120)
        let key = ButtonCommands.key(for: command)
        #expect(key.hasPrefix(ButtonCommands.keyPrefix))
        #expect(key.count == 34)
        #expect(ButtonCommands.key(for: command) == key)
        #expect(ButtonCommands.key(for: command + "x") != key)
    }
}

@Suite("The first reply window")
struct FirstReplyWindowTests {
    @Test("a reply before the deadline is the answer; the deadline then has nothing to acknowledge")
    func fast() async {
        let window = FirstReplyWindow()
        #expect(await window.claim() == .answerDirectly)
        #expect(await !window.expire())
        #expect(await window.claim() == .editAcknowledgement)
    }

    @Test("after the deadline a reply waits until the acknowledgement went out, then edits it")
    func slow() async {
        let window = FirstReplyWindow()
        #expect(await window.expire())
        let claim = Task { await window.claim() }
        try? await Task.sleep(for: .milliseconds(20))
        await window.acknowledgementSent()
        #expect(await claim.value == .editAcknowledgement)
    }
}
