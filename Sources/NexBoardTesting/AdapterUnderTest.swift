import ChatKit
import Logging

/// A chat platform running in its ChatKit adapter shell for a test, as the Slack and Discord
/// harnesses run theirs against a fake: the adapter reconnects after 20–100 ms, and every health
/// report is kept so that a test can wait for the session to be up (or down).
///
/// ```swift
/// let running = AdapterUnderTest(platform: platform, logger: quiet)
/// let outcome = await running.serving { try await body(harness) }
/// await platform.shutdown()
/// try outcome.get()
/// ```
public struct AdapterUnderTest: Sendable {
    public let adapter: ChatAdapter
    /// What the adapter reported, in order.
    public let health: HealthLog

    /// The health reports of one adapter, in order.
    public actor HealthLog {
        public private(set) var entries: [SessionHealth] = []

        public init() {}

        public func add(_ entry: SessionHealth) { entries.append(entry) }
    }

    /// The health reports did not come in time.
    public struct Timeout: Error, CustomStringConvertible {
        public var what: String
        public var description: String { "timed out waiting for \(what)" }
    }

    public init(platform: any ChatPlatform, logger: Logger) {
        let health = HealthLog()
        self.health = health
        self.adapter = ChatAdapter(platform: platform,
                                   runner: ReconnectRunner(initialBackoff: .milliseconds(20), maxBackoff: .milliseconds(100)),
                                   dedupe: InboundDedupe(), health: { await health.add($0) }, logger: logger)
    }

    /// Runs the adapter while `body` runs, then cancels it. What `body` threw is in the result, so
    /// that the caller shuts everything down before it fails.
    public func serving(_ body: () async throws -> Void) async -> Result<Void, any Error> {
        let adapter = adapter
        return await withTaskGroup(of: Void.self) { group in
            group.addTask { try? await adapter.run() }
            defer { group.cancelAll() }
            do {
                try await body()
                return .success(())
            } catch {
                return .failure(error)
            }
        }
    }

    /// Waits until the adapter reported a session up (the platform's hello or READY read by the bot).
    public func waitUntilUp(timeout: Duration = .seconds(10)) async throws {
        try await waitForHealth("the adapter to report the session up", timeout: timeout) { $0.contains(.up) }
    }

    /// Waits until the health reports so far satisfy `predicate`.
    public func waitForHealth(_ what: String, timeout: Duration = .seconds(10),
                              _ predicate: @Sendable ([SessionHealth]) -> Bool) async throws {
        let deadline = ContinuousClock.now + timeout
        while !predicate(await health.entries) {
            guard ContinuousClock.now < deadline else { throw Timeout(what: what) }
            try await Task.sleep(for: .milliseconds(10))
        }
    }
}
