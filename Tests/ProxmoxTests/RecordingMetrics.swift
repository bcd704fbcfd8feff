import CoreMetrics
import Synchronization

/// A metrics factory that records timer values and counter increments by label and dimensions.
final class RecordingMetrics: MetricsFactory, Sendable {
    struct Key: Hashable, Sendable {
        var label: String
        var dimensions: [String]

        init(_ label: String, _ dimensions: [(String, String)]) {
            self.label = label
            self.dimensions = dimensions.map { "\($0.0)=\($0.1)" }
        }
    }

    private let timers = Mutex<[Key: [Int64]]>([:])
    private let counters = Mutex<[Key: Int64]>([:])

    func timerValues(_ label: String, _ dimensions: [(String, String)]) -> [Int64] {
        timers.withLock { $0[Key(label, dimensions)] ?? [] }
    }

    func counterValue(_ label: String, _ dimensions: [(String, String)]) -> Int64 {
        counters.withLock { $0[Key(label, dimensions)] ?? 0 }
    }

    func makeCounter(label: String, dimensions: [(String, String)]) -> any CounterHandler {
        CounterBox(key: Key(label, dimensions), owner: self)
    }

    func makeRecorder(label: String, dimensions: [(String, String)], aggregate: Bool) -> any RecorderHandler {
        IgnoredRecorder()
    }

    func makeTimer(label: String, dimensions: [(String, String)]) -> any TimerHandler {
        TimerBox(key: Key(label, dimensions), owner: self)
    }

    func destroyCounter(_ handler: any CounterHandler) {}
    func destroyRecorder(_ handler: any RecorderHandler) {}
    func destroyTimer(_ handler: any TimerHandler) {}

    fileprivate func add(_ key: Key, _ amount: Int64) { counters.withLock { $0[key, default: 0] += amount } }
    fileprivate func record(_ key: Key, _ value: Int64) { timers.withLock { $0[key, default: []].append(value) } }
}

private final class CounterBox: CounterHandler, Sendable {
    let key: RecordingMetrics.Key
    let owner: RecordingMetrics
    init(key: RecordingMetrics.Key, owner: RecordingMetrics) {
        self.key = key
        self.owner = owner
    }
    func increment(by amount: Int64) { owner.add(key, amount) }
    func reset() {}
}

private final class TimerBox: TimerHandler, Sendable {
    let key: RecordingMetrics.Key
    let owner: RecordingMetrics
    init(key: RecordingMetrics.Key, owner: RecordingMetrics) {
        self.key = key
        self.owner = owner
    }
    func recordNanoseconds(_ duration: Int64) { owner.record(key, duration) }
}

private final class IgnoredRecorder: RecorderHandler, Sendable {
    func record(_ value: Int64) {}
    func record(_ value: Double) {}
}
