/// Alerting (`alerts`): whether it runs, where the rules are, and how often clusters are polled.
public struct AlertsConfig: Sendable, Equatable {
    /// `alerts.enabled`, default true.
    public var enabled: Bool
    /// `alerts.rules`: the rules file, resolved relative to the configuration file; nil uses the
    /// shipped `config/alerts.yaml`.
    public var rulesFile: String?
    /// `alerts.poll_interval`, default 15s.
    public var pollInterval: Duration

    public init(enabled: Bool = true, rulesFile: String? = nil, pollInterval: Duration = .seconds(15)) {
        self.enabled = enabled
        self.rulesFile = rulesFile
        self.pollInterval = pollInterval
    }
}
