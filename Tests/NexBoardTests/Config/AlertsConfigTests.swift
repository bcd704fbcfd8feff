import Foundation
import NexBoard
import Testing

@Suite("The alerts section of the configuration")
struct AlertsConfigTests {
    @Test("without an alerts section, alerting is on with the shipped rules and a 15s poll")
    func defaults() throws {
        let config = try ConfigLoader.parse(yaml: ConfigTestSupport.minimalYAML, baseDirectory: "/etc/nexboard", environment: [:])
        #expect(config.alerts == AlertsConfig(enabled: true, rulesFile: nil, pollInterval: .seconds(15)))
    }

    @Test("the rules path is resolved against the configuration's folder")
    func values() throws {
        let yaml = ConfigTestSupport.minimalYAML + "\nalerts:\n  enabled: false\n  rules: rules/alerts.yaml\n  poll_interval: 30s\n"
        let config = try ConfigLoader.parse(yaml: yaml, baseDirectory: "/etc/nexboard", environment: [:])
        #expect(config.alerts == AlertsConfig(enabled: false, rulesFile: "/etc/nexboard/rules/alerts.yaml", pollInterval: .seconds(30)))
    }

    @Test("a bad poll interval and an unknown key are reported with their key paths")
    func problems() {
        let yaml = ConfigTestSupport.minimalYAML + "\nalerts:\n  poll_interval: 0s\n  rule: x.yaml\n"
        let paths = ConfigTestSupport.problems(yaml).map(\.keyPath)
        #expect(paths.contains("alerts.poll_interval"))
        #expect(paths.contains("alerts.rule"))
    }
}

@Suite("The alerts webhook secret")
struct AlertsWebhookSecretTests {
    @Test("the webhook secret comes from the environment and never prints")
    func secret() throws {
        let yaml = ConfigTestSupport.minimalYAML + "\nalerts:\n  webhook_secret: ${HOOK}\n"
        let config = try ConfigLoader.parse(yaml: yaml, baseDirectory: "/etc/nexboard", environment: ["HOOK": "abc123"])
        #expect(config.alerts.webhookSecret?.value == "abc123")
        #expect(!"\(config.alerts)".contains("abc123"))
    }
}

@Suite("Outgoing alert webhooks in the configuration")
struct AlertsWebhooksConfigTests {
    @Test("webhooks are read with their format and severity; bad ones name their keys")
    func webhooks() throws {
        let yaml = ConfigTestSupport.minimalYAML + """

            alerts:
              webhooks:
                - {name: ops, url: "https://hooks.slack.com/services/T/B/X", format: slack}
                - {name: phone, url: "https://ntfy.sh/homelab", format: ntfy, severity: critical}
            """
        let config = try ConfigLoader.parse(yaml: yaml, baseDirectory: "/etc/nexboard", environment: [:])
        #expect(config.alerts.webhooks.map(\.name) == ["ops", "phone"])
        #expect(config.alerts.webhooks.map(\.format) == ["slack", "ntfy"])
        #expect(config.alerts.webhooks.map(\.severity) == ["warning", "critical"])
        let bad = ConfigTestSupport.minimalYAML + "\nalerts:\n  webhooks:\n    - {name: x, url: ftp://nope, format: teams}\n"
        let paths = ConfigTestSupport.problems(bad).map(\.keyPath)
        #expect(paths.contains("alerts.webhooks[0].url"))
        #expect(paths.contains("alerts.webhooks[0].format"))
    }
}
