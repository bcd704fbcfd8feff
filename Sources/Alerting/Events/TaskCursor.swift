import Foundation

/// Which finished tasks have been reported already, so a task is announced once, across polls and restarts.
///
/// Keeps the latest end time seen (the watermark) and the UPIDs that ended within `slack` of it;
/// a finished task is new when it is not among them and did not end before the watermark minus
/// `slack` (clocks of nodes differ a little). Saved as a small text in the key-value store.
public struct TaskCursor: Sendable, Equatable {
    public private(set) var watermark: Date?
    public private(set) var seen: Set<String>
    public let slack: TimeInterval

    public init(watermark: Date? = nil, seen: Set<String> = [], slack: TimeInterval = 300) {
        self.watermark = watermark
        self.seen = seen
        self.slack = slack
    }

    /// The finished tasks not reported before, oldest first; remembers them. A fresh cursor (no
    /// watermark) reports nothing: it only learns what is there, so a first start does not replay history.
    public mutating func advance(over tasks: [TaskSample]) -> [TaskSample] {
        let finished = tasks.filter { $0.isFinished }
        let isFresh = watermark == nil
        var fresh: [TaskSample] = []
        for task in finished {
            let end = task.endTime ?? task.startTime
            if seen.contains(task.upid) { continue }
            if let watermark, end < watermark.addingTimeInterval(-slack) { continue }
            seen.insert(task.upid)
            if !isFresh { fresh.append(task) }
        }
        let latest = finished.map { $0.endTime ?? $0.startTime }.max()
        if let latest, latest > (watermark ?? .distantPast) { watermark = latest }
        if isFresh, watermark == nil { watermark = Date(timeIntervalSince1970: 0) }
        if let watermark {
            // Forget what can no longer count as new anyway; bound the set if the list is huge.
            let floor = watermark.addingTimeInterval(-slack)
            seen.subtract(finished.filter { ($0.endTime ?? $0.startTime) < floor }.map(\.upid))
            if seen.count > 5000 {
                seen = Set(finished.filter { ($0.endTime ?? $0.startTime) >= floor }.map(\.upid))
            }
        }
        return fresh.sorted { ($0.endTime ?? $0.startTime) < ($1.endTime ?? $1.startTime) }
    }

    /// The text saved in the key-value store.
    public var encoded: String {
        let millis = watermark.map { String(Int64(($0.timeIntervalSince1970 * 1000).rounded())) } ?? ""
        return ([millis] + seen.sorted()).joined(separator: "\n")
    }

    /// Reads `encoded`; nil when the text is not one.
    public init?(encoded: String, slack: TimeInterval = 300) {
        var lines = encoded.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard !lines.isEmpty else { return nil }
        let first = lines.removeFirst()
        if first.isEmpty { watermark = nil } else {
            guard let millis = Int64(first) else { return nil }
            watermark = Date(timeIntervalSince1970: Double(millis) / 1000)
        }
        seen = Set(lines.filter { !$0.isEmpty })
        self.slack = slack
    }
}
