import NexBoardCore
import Testing

@testable import Alerting

@Suite("ChatSink remembers recent keys, not all of them")
struct ChatSinkTests {
    actor Posts {
        var titles: [String] = []
        func add(_ title: String) -> Int {
            titles.append(title)
            return titles.count
        }
    }

    @Test("a key sent again soon returns the first handle; one older than the last N is sent anew")
    func boundedMemory() async throws {
        let posts = Posts()
        let sink = ChatSink(pace: .fallback, send: { message, _, _ in "m\(await posts.add(message.title ?? ""))" }, edit: { _, _, _ in },
                            remembering: 2)
        #expect(try await sink.send(Message(title: "a"), to: "c", key: "a") == "m1")
        #expect(try await sink.send(Message(title: "b"), to: "c", key: "b") == "m2")
        #expect(try await sink.send(Message(title: "a again"), to: "c", key: "a") == "m1")
        #expect(try await sink.send(Message(title: "c"), to: "c", key: "c") == "m3")
        #expect(try await sink.send(Message(title: "a late"), to: "c", key: "a") == "m4", "a is no longer among the last two keys")
        #expect(await posts.titles == ["a", "b", "c", "a late"])
    }
}
