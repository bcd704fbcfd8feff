import Integrations
import NexBoardCore

/// The homelab services beside Proxmox (`integrations`): each is optional.
public struct IntegrationsConfig: Sendable, Equatable {
    /// `integrations.pihole`.
    public var pihole: PiHoleConfig?
    /// `integrations.adguard`.
    public var adguard: AdGuardConfig?
    /// `integrations.pfsense`.
    public var pfsense: PfSenseConfig?
    /// `integrations.npm` (Nginx Proxy Manager).
    public var npm: NPMConfig?
    /// `integrations.apps`: homelab apps checked over HTTP(S).
    public var apps: [AppCheckConfig]

    public init(pihole: PiHoleConfig? = nil, adguard: AdGuardConfig? = nil, pfsense: PfSenseConfig? = nil, npm: NPMConfig? = nil,
                apps: [AppCheckConfig] = []) {
        self.pihole = pihole
        self.adguard = adguard
        self.pfsense = pfsense
        self.npm = npm
        self.apps = apps
    }

    /// Whether any integration is configured.
    public var isEmpty: Bool { pihole == nil && adguard == nil && pfsense == nil && npm == nil && apps.isEmpty }
}

/// Where a homelab service is: a real one at an address, or a simulated one started with NexBoard.
public enum IntegrationSource: Sendable, Equatable {
    /// `url` (`http(s)://host[:port]`), certificates checked as `tls` says (`ca_file`, `insecure_tls`).
    case remote(url: String, tls: IntegrationTLS)
    /// A simulated service on 127.0.0.1 (the demo), started and stopped with NexBoard.
    case simulator
}

/// A Pi-hole (`integrations.pihole`).
public struct PiHoleConfig: Sendable, Equatable {
    public var source: IntegrationSource
    /// `version`: 5, 6 or auto (default: asked once at the first call).
    public var version: PiHoleAPIVersion
    /// v6: the web or app password; v5: the API token. Nil when the Pi-hole has no password.
    public var password: Secret?
    public var timeout: Duration

    public init(source: IntegrationSource, version: PiHoleAPIVersion = .detect, password: Secret? = nil, timeout: Duration = .seconds(10)) {
        self.source = source
        self.version = version
        self.password = password
        self.timeout = timeout
    }
}

/// An AdGuard Home (`integrations.adguard`).
public struct AdGuardConfig: Sendable, Equatable {
    public var source: IntegrationSource
    public var username: String
    public var password: Secret
    public var timeout: Duration

    public init(source: IntegrationSource, username: String, password: Secret, timeout: Duration = .seconds(10)) {
        self.source = source
        self.username = username
        self.password = password
        self.timeout = timeout
    }
}

/// A pfSense firewall with the REST API v2 package (`integrations.pfsense`).
public struct PfSenseConfig: Sendable, Equatable {
    public var source: IntegrationSource
    /// `api_key` (`X-API-Key`), or `username` with `password` (HTTP basic). Ignored for a simulator.
    public var auth: PfSenseAuth
    public var timeout: Duration

    public init(source: IntegrationSource, auth: PfSenseAuth, timeout: Duration = .seconds(10)) {
        self.source = source
        self.auth = auth
        self.timeout = timeout
    }
}

/// A Nginx Proxy Manager (`integrations.npm`).
public struct NPMConfig: Sendable, Equatable {
    public var source: IntegrationSource
    /// The user's email (`email`) and password. Ignored for a simulator.
    public var email: String
    public var password: Secret
    public var timeout: Duration

    public init(source: IntegrationSource, email: String, password: Secret, timeout: Duration = .seconds(10)) {
        self.source = source
        self.email = email
        self.password = password
        self.timeout = timeout
    }
}

/// One app check (an entry of `integrations.apps`).
public struct AppCheckConfig: Sendable, Equatable {
    public var name: String
    /// `url` with its TLS options, or a simulated app (the demo).
    public var source: IntegrationSource
    /// `expect_status`; nil: any 2xx or 3xx.
    public var expectedStatus: Int?
    /// `expect_text`: text the page must contain.
    public var expectedText: String?
    /// `interval` (10s to 1h, default 60s).
    public var interval: Duration
    /// `timeout` (1s to 5m, default 10s).
    public var timeout: Duration

    public init(name: String, source: IntegrationSource, expectedStatus: Int? = nil, expectedText: String? = nil,
                interval: Duration = .seconds(60), timeout: Duration = .seconds(10)) {
        self.name = name
        self.source = source
        self.expectedStatus = expectedStatus
        self.expectedText = expectedText
        self.interval = interval
        self.timeout = timeout
    }
}
