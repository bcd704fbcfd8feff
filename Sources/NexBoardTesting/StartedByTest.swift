import Synchronization

/// What the running test started and has not stopped yet (applications, fakes, peers), so that a
/// test which fails half way still stops them: the `stopsWhatItStarts` trait (module TestScopes)
/// gives each test its own list and stops what is left on it when the test ends, passed or failed.
public final class StartedByTest: Sendable {
    @TaskLocal public static var current: StartedByTest?

    private let stops = Mutex<[ObjectIdentifier: @Sendable () async -> Void]>([:])
    /// Started outside any test scope and not stopped: kept alive until the process ends, since
    /// releasing some of them unstopped (an HTTP client) stops the whole test process.
    private static let unscoped = Mutex<[ObjectIdentifier: any AnyObject & Sendable]>([:])

    public init() {}

    /// Records that `object` was started and how to stop it.
    public static func started(_ object: any AnyObject & Sendable, stop: @escaping @Sendable () async -> Void) {
        if let current {
            current.stops.withLock { $0[ObjectIdentifier(object)] = stop }
        } else {
            unscoped.withLock { $0[ObjectIdentifier(object)] = object }
        }
    }

    /// Records that `object` was stopped by its test.
    public static func stopped(_ object: any AnyObject & Sendable) {
        _ = current?.stops.withLock { $0.removeValue(forKey: ObjectIdentifier(object)) }
        _ = unscoped.withLock { $0.removeValue(forKey: ObjectIdentifier(object)) }
    }

    /// Stops everything still started.
    public func stopAll() async {
        let left = stops.withLock { stops in
            defer { stops.removeAll() }
            return Array(stops.values)
        }
        for stop in left { await stop() }
    }
}
