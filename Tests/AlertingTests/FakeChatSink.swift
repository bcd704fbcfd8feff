import Alerting
import Foundation
import NexBoardCore

/// A fake chat platform behind the sink protocol: records what each channel shows, honours the
/// idempotency key like Discord's enforced nonce, and can be told to fail or to "crash" after sending.
actor FakeChatSink: NotificationSink {
    nonisolated let pace: DeliveryPace

    /// - Parameter pace: what the platform it stands for declares (5 a second unless said).
    init(pace: DeliveryPace = .fallback) {
        self.pace = pace
    }

    struct Shown: Sendable, Equatable {
        var handle: String
        var channel: String
        var message: Message
        var edits: Int
    }

    struct Down: Error {}

    private(set) var shown: [Shown] = []
    private var keys: [String: String] = [:]
    private var failures = 0
    private var failure: any Error = Down()
    private(set) var sendCalls = 0

    /// The next `count` sends or edits throw `error`.
    func failNext(_ count: Int, with error: any Error = Down()) {
        failures = count
        failure = error
    }

    func send(_ message: Message, to destination: String, key: String) async throws -> String {
        sendCalls += 1
        if failures > 0 {
            failures -= 1
            throw failure
        }
        if let handle = keys[key] { return handle }
        let handle = "msg-\(shown.count + 1)"
        keys[key] = handle
        shown.append(Shown(handle: handle, channel: destination, message: message, edits: 0))
        return handle
    }

    func edit(_ handle: String, _ message: Message, at destination: String) async throws {
        if failures > 0 {
            failures -= 1
            throw failure
        }
        guard let index = shown.firstIndex(where: { $0.handle == handle }) else { throw Down() }
        shown[index].message = message
        shown[index].edits += 1
    }

    func titles(in channel: String) -> [String] {
        shown.filter { $0.channel == channel }.compactMap(\.message.title)
    }
}
