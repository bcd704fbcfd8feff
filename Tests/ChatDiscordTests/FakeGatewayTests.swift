import Foundation
import HummingbirdWSClient
import NexBoardTesting
import TestScopes
import Testing

/// The fake gateway refuses what Discord refuses: the soak's checks rely on it.
@Suite("The fake Discord gateway", .stopsWhatItStarts)
struct FakeGatewayTests {
    /// Opens a gateway connection, sends `frames` one by one (each after the previous answer), and
    /// returns what came back: each answer's `op`, `t` and `s`, and the close code.
    private static func exchange(_ fake: FakeDiscord, _ frames: [String]) async throws -> (ops: [String], close: Int?) {
        let answers = Answers()
        let closeFrame = try await WebSocketClient.connect(url: fake.gatewayURL, logger: DiscordHarness.quiet) { inbound, outbound, _ in
            var messages = inbound.messages(maxSize: 1 << 20).makeAsyncIterator()
            _ = try await messages.next()  // HELLO
            for frame in frames {
                try await outbound.write(.text(frame))
                guard case .text(let text) = try await messages.next() else { return }
                let object = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any]
                let name = (object?["t"] as? String).map { " \($0)" } ?? ""
                let sequence = (object?["s"] as? Int).map { " s\($0)" } ?? ""
                await answers.add("\(object?["op"] as? Int ?? -1)\(name)\(sequence)")
            }
        }
        return (await answers.ops, closeFrame.map { Int(UInt16(webSocketErrorCode: $0.closeCode)) })
    }

    private actor Answers {
        var ops: [String] = []
        func add(_ op: String) { ops.append(op) }
    }

    private static func identify(_ token: String) -> String {
        #"{"op":2,"d":{"token":"\#(token)","intents":1,"properties":{"os":"linux","browser":"t","device":"t"}}}"#
    }

    private static func resume(_ token: String, session: String, seq: Int) -> String {
        #"{"op":6,"d":{"token":"\#(token)","session_id":"\#(session)","seq":\#(seq)}}"#
    }

    @Test("A second IDENTIFY on one connection is closed with 4005")
    func secondIdentify() async throws {
        let fake = try await FakeDiscord.start(logger: DiscordHarness.quiet)
        let answer = try await Self.exchange(fake, [Self.identify(fake.token), Self.identify(fake.token)])
        await fake.stop()
        #expect(answer.ops == ["0 READY s1"])
        #expect(answer.close == 4005)
    }

    @Test("An IDENTIFY sooner than the identify interval gets op 9 d=false")
    func identifyTooSoon() async throws {
        let fake = try await FakeDiscord.start(identifyInterval: .seconds(30), logger: DiscordHarness.quiet)
        _ = try await Self.exchange(fake, [Self.identify(fake.token)])
        let second = try await Self.exchange(fake, [Self.identify(fake.token)])
        let record = await fake.gatewayRecord()
        await fake.stop()
        #expect(second.ops == ["9"])
        #expect(record.identifies == 1)
        #expect(record.identifiesTooSoon == 1)
        #expect(record.identifyTimes.count == 2)
    }

    @Test("A RESUME replays what was missed with its sequence numbers; an unknown session gets op 9, a seq ahead 4007")
    func resumes() async throws {
        let fake = try await FakeDiscord.start(logger: DiscordHarness.quiet)
        _ = try await Self.exchange(fake, [Self.identify(fake.token)])
        try await fake.send(interaction: DiscordInteractionFixtures.slash(["whoami"], user: "1"))
        let replayed = try await Self.exchange(fake, [Self.resume(fake.token, session: "session-1", seq: 1)])
        let unknown = try await Self.exchange(fake, [Self.resume(fake.token, session: "session-9", seq: 1)])
        let ahead = try await Self.exchange(fake, [Self.resume(fake.token, session: "session-1", seq: 99)])
        let record = await fake.gatewayRecord()
        await fake.stop()
        #expect(replayed.ops == ["0 INTERACTION_CREATE s2"], "the first frame after RESUME is the missed dispatch")
        #expect(unknown.ops == ["9"])
        #expect(ahead.close == 4007)
        #expect(record.lostInteractions.count == 1, "the session ended with an interaction the bot never reported reading")
    }
}
