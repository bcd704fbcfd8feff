import Foundation
import NexBoardCore
import Yams

/// The alert rules file (`config/alerts.yaml` by default): rules, the mute tag and the flapping window.
///
/// ```yaml
/// mute_tag: nexboard-mute
/// flapping: {window: 10m, transitions: 4}
/// repeat_interval: 4h
/// timezone: Europe/Berlin
/// maintenance:
///   - {name: updates, weekly: "sun 02:00-04:00", match: [pve2]}
/// rules:
///   - {name: node-memory, metric: node-memory, threshold: 90, clear: 85, for: 5m, severity: warning}
/// ```
public struct AlertRulesFile: Sendable {
    public var rules: [AlertRule]
    public var muteTag: String
    public var flapWindow: Duration
    public var flapTransitions: Int
    /// Still-firing, unacknowledged alerts are announced again after this long; nil: never.
    public var repeatInterval: Duration?
    public var maintenance: [MaintenanceWindow]

    public init(rules: [AlertRule], muteTag: String = "nexboard-mute", flapWindow: Duration = .seconds(600), flapTransitions: Int = 4,
                repeatInterval: Duration? = nil, maintenance: [MaintenanceWindow] = []) {
        self.rules = rules
        self.muteTag = muteTag
        self.flapWindow = flapWindow
        self.flapTransitions = flapTransitions
        self.repeatInterval = repeatInterval
        self.maintenance = maintenance
    }

    /// The engine these rules make.
    public var engine: AlertEngine {
        AlertEngine(rules: rules, muteTag: muteTag, flapWindow: flapWindow.timeInterval, flapTransitions: flapTransitions,
                    repeatInterval: repeatInterval?.timeInterval, maintenance: maintenance)
    }

    private struct Raw: Decodable {
        var mute_tag: String?
        var flapping: RawFlapping?
        var rules: [RawRule]?
        var repeat_interval: String?
        var timezone: String?
        var maintenance: [RawWindow]?
    }

    private struct RawWindow: Decodable {
        var name: String?
        var weekly: String?
        var match: [String]?
    }

    private struct RawFlapping: Decodable {
        var window: String?
        var transitions: Int?
    }

    private struct RawRule: Decodable {
        var name: String?
        var metric: String?
        var threshold: Double?
        var clear: Double?
        var `for`: String?
        var severity: String?
        var scope: RawScope?
        var days: Int?
    }

    private struct RawScope: Decodable {
        var nodes: [String]?
        var tags: [String]?
        var pools: [String]?
        var guests: [Int]?
    }

    /// Reads and validates a rules file; every problem is reported at once, each with its key path.
    public static func load(path: String) throws(AlertRulesError) -> AlertRulesFile {
        let text: String
        do { text = try String(contentsOfFile: path, encoding: .utf8) } catch {
            throw AlertRulesError(path: path, problems: ["cannot read the file: \(error.localizedDescription)"])
        }
        return try parse(text, path: path)
    }

    /// Parses the text of a rules file.
    public static func parse(_ text: String, path: String = "alerts.yaml") throws(AlertRulesError) -> AlertRulesFile {
        let raw: Raw
        do { raw = try YAMLDecoder().decode(Raw.self, from: text) } catch {
            throw AlertRulesError(path: path, problems: ["not a valid rules file: \(error)"])
        }
        var problems: [String] = []
        var rules: [AlertRule] = []
        var names: Set<String> = []
        for (index, rule) in (raw.rules ?? []).enumerated() {
            let at = "rules[\(index)]"
            guard let name = rule.name, !name.isEmpty, !name.contains(where: { $0.isWhitespace || $0 == "@" || $0 == ":" }) else {
                problems.append("\(at).name: expected a name without spaces, @ or :")
                continue
            }
            if !names.insert(name).inserted { problems.append("\(at).name: `\(name)` is used by an earlier rule") }
            guard let metricText = rule.metric, let metric = AlertMetric(rawValue: metricText) else {
                problems.append("\(at).metric: expected one of \(AlertMetric.allCases.map(\.rawValue).joined(separator: ", "))")
                continue
            }
            if metric.isThreshold {
                guard let threshold = rule.threshold, (0...100).contains(threshold) else {
                    problems.append("\(at).threshold: expected a percentage from 0 to 100")
                    continue
                }
                if let clear = rule.clear, !(0...threshold).contains(clear) {
                    problems.append("\(at).clear: expected a percentage from 0 to the threshold (\(threshold))")
                }
            } else if rule.threshold != nil {
                problems.append("\(at).threshold: \(metric.rawValue) is a condition and takes no threshold")
            }
            if let range = metric.dayRange {
                if rule.days.map({ !range.contains($0) }) ?? true {
                    problems.append("\(at).days: expected a whole number of days from \(range.lowerBound) to \(range.upperBound)")
                }
            } else if rule.days != nil {
                problems.append("\(at).days: only backup-missing and certificate-expiry take days")
            }
            var forDuration = Duration.zero
            if let text = rule.for {
                if let parsed = DurationParser.parse(text) { forDuration = parsed } else {
                    problems.append("\(at).for: expected \(DurationParser.expectedForm)")
                }
            }
            var severity = AlertSeverity.warning
            if let text = rule.severity {
                if let parsed = AlertSeverity(rawValue: text) { severity = parsed } else {
                    problems.append("\(at).severity: expected info, warning or critical")
                }
            }
            let scope = AlertScope(nodes: rule.scope?.nodes ?? [], tags: rule.scope?.tags ?? [], pools: rule.scope?.pools ?? [],
                                   guests: rule.scope?.guests ?? [])
            rules.append(AlertRule(name: name, metric: metric, threshold: rule.threshold, clear: rule.clear, for: forDuration,
                                   severity: severity, scope: scope, days: rule.days))
        }
        var window = Duration.seconds(600)
        if let text = raw.flapping?.window {
            if let parsed = DurationParser.parse(text) { window = parsed } else {
                problems.append("flapping.window: expected \(DurationParser.expectedForm)")
            }
        }
        let transitions = raw.flapping?.transitions ?? 4
        if transitions < 2 { problems.append("flapping.transitions: expected 2 or more") }
        var repeatInterval: Duration?
        if let text = raw.repeat_interval {
            if let parsed = DurationParser.parse(text), parsed >= .seconds(60) { repeatInterval = parsed } else {
                problems.append("repeat_interval: expected \(DurationParser.expectedForm), at least 1m")
            }
        }
        var timeZone = TimeZone(identifier: "UTC")!
        if let text = raw.timezone {
            if let zone = TimeZone(identifier: text) { timeZone = zone } else {
                problems.append("timezone: expected a time zone name like Europe/Berlin or UTC")
            }
        }
        var windows: [MaintenanceWindow] = []
        for (index, raw) in (raw.maintenance ?? []).enumerated() {
            let name = raw.name ?? "maintenance-\(index + 1)"
            guard let text = raw.weekly, let window = MaintenanceWindow(name: name, weekly: text, matchers: raw.match ?? [], timeZone: timeZone) else {
                problems.append("maintenance[\(index)].weekly: expected \(MaintenanceWindow.expectedForm)")
                continue
            }
            windows.append(window)
        }
        guard problems.isEmpty else { throw AlertRulesError(path: path, problems: problems) }
        return AlertRulesFile(rules: rules, muteTag: raw.mute_tag ?? "nexboard-mute", flapWindow: window, flapTransitions: transitions,
                              repeatInterval: repeatInterval, maintenance: windows)
    }
}
