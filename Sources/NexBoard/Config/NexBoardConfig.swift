import ChatConsole
import Logging
import WebPage
import NexBoardCore

/// The validated configuration of one NexBoard process, as read from its YAML file by `ConfigLoader`.
///
/// Secrets are held in `Secret`, so printing a configuration never shows them.
public struct NexBoardConfig: Sendable, Equatable {
    /// The minimum level of log messages (`log_level`, default `info`).
    public var logLevel: Logger.Level
    /// The folder holding the SQLite database (`data_dir`, default `./data`), resolved relative to the
    /// configuration file's folder.
    public var dataDirectory: String
    /// The command catalog folder (`commands_dir`), resolved relative to the configuration file's
    /// folder; nil uses the catalog built into NexBoard. The `--commands` flag overrides it.
    public var commandsDirectory: String?
    /// The HTTP server for console links, health and metrics (`http`).
    public var http: HTTPConfig
    /// The Proxmox VE clusters to manage (`clusters`), at least one.
    public var clusters: [ClusterConfig]
    /// Roles defined in the file (`roles`); they are merged over `BuiltInRoles.all`.
    public var customRoles: [String: [Permission]]
    /// Who gets which role (`bindings`); anyone not bound gets nothing.
    public var bindings: [BindingConfig]
    /// How long a Confirm button stays valid (`confirmations.ttl`, default 60s).
    public var confirmationTTL: Duration
    /// The identity of the terminal chat user (`console.subject`, default `console:local`).
    public var consoleSubject: Subject
    /// Console links (`console.proxy`, `console.link_ttl`, `console.max_session`).
    public var console = ConsoleConfig()
    /// Alerting (`alerts`): rules file and poll interval.
    public var alerts: AlertsConfig = AlertsConfig()
    /// The Discord bot (`discord`); nil when not configured.
    public var discord: DiscordConfig?
    /// The Slack app (`slack`); nil when not configured.
    public var slack: SlackConfig?
    /// Prometheus (`prometheus`): `monitor query`; nil when not configured.
    public var prometheus: PrometheusConfig?
    /// The Matrix bot (`matrix`); nil when not configured.
    public var matrix: MatrixConfig?
    /// The homelab services beside Proxmox (`integrations`): Pi-hole, AdGuard Home.
    public var integrations = IntegrationsConfig()
    /// How long audit entries are kept (`audit.retention`, 1 day to 10 years, default 365 days).
    public var auditRetention: Duration = defaultAuditRetention
    /// Named defaults for `deploy vm` and `deploy ct --preset` (`deploy.presets`).
    public var deployPresets: [String: DeployPreset] = [:]
    /// How the monitor commands draw graphs (`monitor`): text, and pictures too with `images: true`.
    public var monitor = MonitorConfig()
    public static let defaultAuditRetention: Duration = .seconds(365 * 86_400)

    public init(
        logLevel: Logger.Level = .info,
        dataDirectory: String,
        http: HTTPConfig = HTTPConfig(),
        clusters: [ClusterConfig],
        customRoles: [String: [Permission]] = [:],
        bindings: [BindingConfig] = [],
        confirmationTTL: Duration = .seconds(60),
        consoleSubject: Subject = ConsoleIdentity.local,
        discord: DiscordConfig? = nil
    ) {
        self.logLevel = logLevel
        self.dataDirectory = dataDirectory
        self.http = http
        self.clusters = clusters
        self.customRoles = customRoles
        self.bindings = bindings
        self.confirmationTTL = confirmationTTL
        self.consoleSubject = consoleSubject
        self.discord = discord
    }

    /// The built-in roles with the custom ones merged over them: every role a binding may name.
    public var roles: [String: [Permission]] {
        BuiltInRoles.all.merging(customRoles) { _, custom in custom }
    }
}
