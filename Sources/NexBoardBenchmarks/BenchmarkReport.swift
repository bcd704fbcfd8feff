import Foundation
import Synchronization

/// The figures of one run: printed as they come, or collected and printed as one JSON document
/// at the end (`--json`).
final class BenchmarkReport: Sendable {
    /// One figure: a distribution of durations (milliseconds) or a single value with its unit.
    struct Figure: Encodable {
        var name: String
        var unit: String
        var count: Int?
        var p50: Double?
        var p99: Double?
        var mean: Double?
        var max: Double?
        var value: Double?
    }

    private let json: Bool
    private let figures = Mutex<[Figure]>([])

    init(json: Bool) {
        self.json = json
    }

    /// A line of context (the setup), shown in text mode only.
    func note(_ text: String) {
        if !json { print(text) }
    }

    /// Durations: n, p50, p99, mean and max in milliseconds.
    func durations(_ name: String, _ samples: [Duration]) {
        guard !samples.isEmpty else { return note("\(name): no samples") }
        let sorted = samples.map { $0.timeInterval * 1000 }.sorted()
        let figure = Figure(name: name, unit: "ms", count: sorted.count, p50: sorted[sorted.count / 2],
                            p99: sorted[min(sorted.count - 1, sorted.count * 99 / 100)], mean: sorted.reduce(0, +) / Double(sorted.count),
                            max: sorted.last)
        add(figure, text: String(format: "%@: n=%d p50=%.1f ms p99=%.1f ms mean=%.1f ms max=%.1f ms", name, sorted.count,
                                 figure.p50 ?? 0, figure.p99 ?? 0, figure.mean ?? 0, figure.max ?? 0))
    }

    /// One value with its unit ("MiB", "ms").
    func value(_ name: String, _ value: Double, unit: String) {
        add(Figure(name: name, unit: unit, value: value), text: String(format: "%@: %.1f %@", name, value, unit))
    }

    private func add(_ figure: Figure, text: String) {
        figures.withLock { $0.append(figure) }
        if !json { print(text) }
    }

    /// In JSON mode, prints every figure as one array.
    func finish() {
        guard json else { return }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        let data = (try? encoder.encode(figures.withLock { $0 })) ?? Data("[]".utf8)
        print(String(decoding: data, as: UTF8.self))
    }
}

/// Runs `body` `iterations` times and returns each run's wall time.
func measure(_ iterations: Int, _ body: () async throws -> Void) async rethrows -> [Duration] {
    var samples: [Duration] = []
    let clock = ContinuousClock()
    for _ in 0..<iterations {
        let started = clock.now
        try await body()
        samples.append(clock.now - started)
    }
    return samples
}

/// VmRSS of a process (this one by default), in MiB, from /proc (0 where unavailable).
func residentMiB(of pid: String = "self") -> Double {
    guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
          let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") }),
          let kilobytes = Double(line.split(separator: " ").dropFirst().first ?? "")
    else { return 0 }
    return kilobytes / 1024
}

/// CPU time (user + system) of a process so far, from /proc/<pid>/stat; this process's through
/// `clock_gettime` when `pid` is nil.
func processCPU(of pid: Int32? = nil) -> Duration {
    guard let pid else {
        var usage = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &usage)
        return .seconds(usage.tv_sec) + .nanoseconds(usage.tv_nsec)
    }
    guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
          let close = stat.lastIndex(of: ")") else { return .zero }
    let fields = stat[stat.index(after: close)...].split(separator: " ")
    guard fields.count > 12, let user = Int64(fields[11]), let system = Int64(fields[12]) else { return .zero }
    return .milliseconds((user + system) * 1000 / Int64(sysconf(Int32(_SC_CLK_TCK))))
}
