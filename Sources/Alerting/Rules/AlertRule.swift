/// One alert rule: what to watch, when it fires and clears, and how bad it is.
///
/// Threshold rules fire when the value stays at or above `threshold` for `forDuration`, and
/// resolve only when it falls to `clear` or below (hysteresis). Condition rules (node offline,
/// guest stopped unexpectedly, cluster unreachable) fire when the condition held for `forDuration`.
public struct AlertRule: Sendable, Hashable {
    /// Unique among the rules; part of every alert's identity, so renaming a rule starts fresh alerts.
    public var name: String
    public var metric: AlertMetric
    /// Percent (0-100), threshold metrics only.
    public var threshold: Double?
    /// Percent; defaults to `threshold`.
    public var clear: Double?
    public var forDuration: Duration
    public var severity: AlertSeverity
    public var scope: AlertScope
    /// `backup-missing` only: how many days without a successful backup.
    public var days: Int?

    public init(name: String, metric: AlertMetric, threshold: Double? = nil, clear: Double? = nil, for forDuration: Duration = .zero,
                severity: AlertSeverity = .warning, scope: AlertScope = AlertScope(), days: Int? = nil) {
        self.days = days
        self.name = name
        self.metric = metric
        self.threshold = threshold
        self.clear = clear
        self.forDuration = forDuration
        self.severity = severity
        self.scope = scope
    }

    /// Where a value stands against the rule, with hysteresis.
    public func condition(percent value: Double) -> AlertCondition {
        guard let threshold else { return .clear }
        if value >= threshold { return .breaching }
        if value <= (clear ?? threshold) && value < threshold { return .clear }
        return .holding
    }
}
