import Foundation
import NexBoardCore
import Proxmox

/// The time range of a graph or heatmap: how far back, read from Proxmox's RRD timeframe that
/// covers it.
struct MonitorRange: Sendable {
    static let longest: Duration = .seconds(366 * 86_400)
    static let shortest: Duration = .seconds(60)

    let seconds: Double
    let timeframe: RRDTimeframe

    /// The `range` option, or `fallback`; refuses ranges under a minute or over a year.
    init(_ duration: Duration?, fallback: Duration) throws {
        let duration = duration ?? fallback
        guard duration >= Self.shortest else {
            throw InvalidRequest(userMessage: "A range of \(DurationParser.format(duration)) is too short: at least 1m.")
        }
        guard duration <= Self.longest else {
            throw InvalidRequest(userMessage: "A range of \(DurationParser.format(duration)) is too long: Proxmox keeps a year, so at most 366d.")
        }
        seconds = Double(duration.components.seconds)
        timeframe = RRDTimeframe(covering: seconds)
    }

    /// The points within the range, oldest first.
    func points(_ points: [RRDPoint], now: Date) -> [RRDPoint] {
        let start = now.addingTimeInterval(-seconds)
        return points.filter { $0.time > start && $0.time <= now }
    }

    /// "6h".
    var name: String { DurationParser.format(.seconds(Int64(seconds))) }

    /// "last 6h · 2026-12-01 12:00Z → 18:00Z".
    func describe(now: Date) -> String {
        "last \(name) · \(Format.time(now.addingTimeInterval(-seconds))) → \(Format.time(now))"
    }
}

/// What a graph or heatmap shows.
enum MonitorMetric: String, Sendable, CaseIterable {
    case cpu, mem, disk, net

    /// The metrics an option names: `all` (or nothing) is every one in `all`.
    static func chosen(_ text: String?, all: [MonitorMetric]) -> [MonitorMetric] {
        text.flatMap(MonitorMetric.init(rawValue:)).map { [$0] } ?? all
    }

    /// The fraction a point shows for this metric (network has none: it is a rate).
    func fraction(_ point: RRDPoint) -> Double? {
        switch self {
        case .cpu: point.cpu
        case .mem: point.memoryFraction
        case .disk: point.diskFraction
        case .net: nil
        }
    }
}
