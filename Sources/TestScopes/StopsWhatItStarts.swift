import NexBoardTesting
import Testing

/// A suite or test trait: whatever a test starts through NexBoardTesting (an application, a fake
/// Discord, an SMTP server, a peer process) is stopped when the test ends, also when it fails by
/// throwing before its own `shutdown()` or `stop()`.
public struct StopsWhatItStarts: TestTrait, SuiteTrait, TestScoping {
    public var isRecursive: Bool { true }

    public init() {}

    public func provideScope(for test: Test, testCase: Test.Case?,
                             performing function: @Sendable () async throws -> Void) async throws {
        guard !test.isSuite else { return try await function() }
        let started = StartedByTest()
        do {
            try await StartedByTest.$current.withValue(started) { try await function() }
        } catch {
            await started.stopAll()
            throw error
        }
        await started.stopAll()
    }
}

extension Trait where Self == StopsWhatItStarts {
    /// Stops what each test started, also when it fails.
    public static var stopsWhatItStarts: Self { StopsWhatItStarts() }
}
