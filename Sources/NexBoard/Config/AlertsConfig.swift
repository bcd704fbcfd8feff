import NexBoardCore

/// Alerting (`alerts`): whether it runs, where the rules are, and how often clusters are polled.
public struct AlertsConfig: Sendable, Equatable {
    /// `alerts.enabled`, default true.
    public var enabled: Bool
    /// `alerts.rules`: the rules file, resolved relative to the configuration file; nil uses the
    /// `config/alerts.yaml` built into NexBoard.
    public var rulesFile: String?
    /// `alerts.poll_interval`, default 15s.
    public var pollInterval: Duration
    /// `alerts.webhook_secret` (or `webhook_secret_file`): enables `POST /hooks/proxmox` for Proxmox
    /// VE's webhook notification target, which must send it in the `X-NexBoard-Secret` header.
    public var webhookSecret: Secret?
    /// `alerts.webhooks`: outgoing webhooks that receive the alert stream.
    public var webhooks: [WebhookConfig] = []
    /// `alerts.email`: an SMTP server and recipient lists that receive the alert stream.
    public var email: EmailConfig?

    public init(enabled: Bool = true, rulesFile: String? = nil, pollInterval: Duration = .seconds(15), webhookSecret: Secret? = nil) {
        self.enabled = enabled
        self.rulesFile = rulesFile
        self.pollInterval = pollInterval
        self.webhookSecret = webhookSecret
    }
}
