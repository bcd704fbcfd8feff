import Foundation
import NexBoardCore


extension ConfigReader {
    /// `alerts: {enabled, rules, poll_interval, webhook_secret, webhooks, email}`; every key optional.
    func readAlerts(_ top: ConfigMapping) -> AlertsConfig {
        var config = AlertsConfig()
        guard let alerts = mapping(top["alerts"], at: top.path("alerts"), parentMark: top.mark(of: "alerts"),
                                   keys: ["enabled", "rules", "poll_interval", "webhook_secret", "webhook_secret_file", "webhooks",
                                          "email"]) else {
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
        config.webhooks = readWebhooks(alerts)
        config.email = readEmail(alerts)
        config.pollInterval = duration("poll_interval", in: alerts, default: .seconds(15), range: .seconds(1) ... .seconds(3600))
        return config
    }

    private func readWebhooks(_ alerts: ConfigMapping) -> [WebhookConfig] {
        guard alerts.has("webhooks"),
              let nodes = sequence(alerts["webhooks"], at: alerts.path("webhooks"), example: "[{name: ops, url: https://..., format: slack}]")
        else { return [] }
        var webhooks: [WebhookConfig] = []
        for (index, node) in nodes.enumerated() {
            let path = "\(alerts.path("webhooks"))[\(index)]"
            guard let hook = mapping(node, at: path, parentMark: node.mark, keys: ["name", "url", "url_file", "format", "severity"]) else { continue }
            let name = requiredString("name", in: hook, missing: "is required: \(ConfigValueForms.nameForm)")
            if let name, !ConfigValueForms.isName(name) {
                report(hook.path("name"), "expected \(ConfigValueForms.nameForm), got \"\(name)\"", at: hook.mark(of: "name"))
            }
            let url = secret("url", in: hook, missing: "is required: the http(s) URL to post to")
            if let url, !Self.isWebhookURL(url.value) {
                report(hook.path("url"), "expected an http or https URL; a user name or password in it (sent as Basic "
                    + "authentication) must be percent-encoded, e.g. %40 for @ and %2F for /", at: hook.mark(of: "url"))
            }
            let format = choice("format", in: hook, among: ["json", "discord", "slack", "ntfy", "gotify"]) ?? "json"
            let severity = choice("severity", in: hook, among: ["info", "warning", "critical"]) ?? "warning"
            if let name, let url { webhooks.append(WebhookConfig(name: name, url: url, format: format, severity: severity)) }
        }
        return webhooks
    }

    /// An http(s) URL with a host that Foundation parses, so its user information can be taken out
    /// and sent as Basic authentication (`WebhookSink.Endpoint`).
    static func isWebhookURL(_ text: String) -> Bool {
        guard let components = URLComponents(string: text), let scheme = components.scheme?.lowercased() else { return false }
        return ["http", "https"].contains(scheme) && components.host?.isEmpty == false
    }
}
