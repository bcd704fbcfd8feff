import NexBoardCore


extension ConfigReader {
    /// `alerts: {enabled, rules, poll_interval, webhook_secret}`; every key optional.
    func readAlerts(_ top: ConfigMapping) -> AlertsConfig {
        var config = AlertsConfig()
        guard let alerts = mapping(top["alerts"], at: top.path("alerts"), parentMark: top.mark(of: "alerts"),
                                   keys: ["enabled", "rules", "poll_interval", "webhook_secret", "webhook_secret_file"]) else {
            return config
        }
        config.enabled = bool("enabled", in: alerts, default: true)
        if let node = alerts["rules"], let text = scalar(node, at: alerts.path("rules")) {
            if text.isEmpty {
                report(alerts.path("rules"), "expected a file path, got an empty value", at: node.mark)
            } else {
                config.rulesFile = resolvePath(text)
            }
        }
        if alerts.has("webhook_secret") || alerts.has("webhook_secret_file") {
            config.webhookSecret = secret("webhook_secret", in: alerts, missing: "is required")
        }
        config.pollInterval = duration("poll_interval", in: alerts, default: .seconds(15), range: .seconds(1) ... .seconds(3600))
        return config
    }
}
