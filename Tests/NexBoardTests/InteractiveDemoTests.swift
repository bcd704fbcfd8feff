import Foundation
import NexBoardTesting
import Testing

/// The interactive demo as a person uses it: the real binary on a pseudo-terminal, one line typed
/// after another. (`demo --script` and pipes did not show that the prompt's `fflush(nil)` waited for
/// standard input's lock, held by the blocked reader: each reply came only when the next line was typed.)
@Suite("The interactive demo in a terminal", .serialized)
struct InteractiveDemoTests {
    /// Idle, each reply comes within 2 s (measured 0.004 s to 1.03 s, the confirmed stop following
    /// its 0.6 s simulated task); a loaded 2-core machine running the whole suite took up to 2.8 s.
    /// The limit keeps that margin: the stall this test is for never answered at all.
    static let limit = Duration.seconds(5)

    @Test("answers each typed line at once, a confirmed stop included, and ends on quit")
    func answersEachLineAtOnce() async throws {
        try #require(FileManager.default.isExecutableFile(atPath: BinaryTests.binary.path),
                     "\(BinaryTests.binary.path) is missing: run `swift build --build-tests` before `swift test`")
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("nexboard-tty-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let session = try TerminalSession.start(BinaryTests.binary, arguments: ["demo", "--http-port", "0"], directory: directory)

        let started = await session.waitFor("nex> ", since: 0, timeout: .seconds(60))
        #expect(started, "no prompt:\n\(session.text())")
        if started {
            // web01 (VM 100) runs in the demo's simulated cluster (seed 42), as the tour relies on.
            let exchanges = [("whoami", "You are console:local"), ("whoami", "You are console:local"), ("nodes", "pve1"),
                             ("vm stop web01", "Stop VM 100 (web01)"), ("confirm", "(web01) stopped")]
            for (line, reply) in exchanges {
                let mark = session.mark
                let typed = ContinuousClock.now
                session.type(line)
                let answered = await session.waitFor(reply, since: mark, timeout: .seconds(15))
                let elapsed = ContinuousClock.now - typed
                #expect(answered && elapsed < Self.limit,
                        "`\(line)`: \(answered ? "answered after \(elapsed)" : "no `\(reply)` within 15 s"):\n\(session.text(since: mark))")
            }
            session.type("quit")
            #expect(await session.waitForExit(timeout: .seconds(20)) == 0, "\(session.text())")
        }
        await session.stop()
    }
}
