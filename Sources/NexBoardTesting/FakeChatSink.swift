import Alerting
import Foundation
import NexBoardCore

/// A fake chat platform behind the sink protocol: records what each channel shows, honours the
/// idempotency key like Discord's enforced nonce, and can be told to fail (a number of times, or
/// until it recovers) or to "crash" after sending.
public actor FakeChatSink: NotificationSink {
    public nonisolated let pace: DeliveryPace

    /// - Parameter pace: what the platform it stands for declares (5 a second unless said).
    public init(pace: DeliveryPace = .fallback) {
        self.pace = pace
    }

    public struct Shown: Sendable, Equatable {
        public var handle: String
        public var channel: String
        public var message: Message
        public var edits: Int
    }

    /// The default failure: the platform is down.
    public struct Down: Error {
        public init() {}
    }

    public private(set) var shown: [Shown] = []
    private var keys: [String: String] = [:]
    private var failures = 0
    private var failure: any Error = Down()
    public private(set) var sendCalls = 0

    /// The next `count` sends or edits throw `error`.
    public func failNext(_ count: Int, with error: any Error = Down()) {
        failures = count
        failure = error
    }

    /// Every send and edit throws `error` until `recover()`.
    public func failUntilRecovered(with error: any Error = Down()) {
        failNext(.max, with: error)
    }

    /// Sends and edits succeed again.
    public func recover() {
        failures = 0
    }

    public func send(_ message: Message, to destination: String, key: String) async throws -> String {
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

    public func edit(_ handle: String, _ message: Message, at destination: String) async throws {
        if failures > 0 {
            failures -= 1
            throw failure
        }
        guard let index = shown.firstIndex(where: { $0.handle == handle }) else { throw Down() }
        shown[index].message = message
        shown[index].edits += 1
    }

    /// The titles shown in `channel`, in order.
    public func titles(in channel: String) -> [String] {
        shown.filter { $0.channel == channel }.compactMap(\.message.title)
    }
}
