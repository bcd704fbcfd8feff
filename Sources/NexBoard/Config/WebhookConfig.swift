import NexBoardCore

/// One outgoing webhook that receives the alert stream (`alerts.webhooks[]`).
public struct WebhookConfig: Sendable, Equatable {
    /// Its name; notifications go to the destination `webhook:<name>`.
    public var name: String
    /// The http(s) URL to POST to; may hold a token, so it is a secret.
    public var url: Secret
    /// `json`, `discord`, `slack`, `ntfy` or `gotify`.
    public var format: String
    /// The least severity it receives (`info`, `warning`, `critical`; default `warning`).
    public var severity: String

    public init(name: String, url: Secret, format: String = "json", severity: String = "warning") {
        self.name = name
        self.url = url
        self.format = format
        self.severity = severity
    }
}
