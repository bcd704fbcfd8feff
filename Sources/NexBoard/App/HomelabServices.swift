import Foundation
import IntegrationSimulators
import Integrations
import Logging
import NexBoardCore

/// The configured homelab services beside Proxmox, with their clients, and the simulated ones the
/// configuration asks for (the demo), which start listening here and stop in `shutdown`.
public final class HomelabServices: Sendable {
    /// A DNS filter under the name its health component and messages use.
    struct NamedFilter: Sendable {
        /// `pihole` or `adguard`: the configuration key, the `/healthz` component's suffix.
        var key: String
        var filter: any DNSFilter
    }

    /// The DNS filters, Pi-hole first.
    let dnsFilters: [NamedFilter]
    let firewall: PfSenseClient?
    let proxy: NPMClient?
    /// The latest result of each app check; nil when no app is configured.
    let apps: AppStatusBoard?
    let appChecker: AppChecker
    /// The wall-clock date app results are stamped with.
    let now: @Sendable () -> Date
    /// The firewall's WAN address between alert readings.
    let wanTracker = WANTracker()
    /// The simulated services the configuration asks for (`simulator:`); the demo and tests turn their knobs.
    public let simulated: Simulated
    private let clients: IntegrationHTTPClients

    /// The simulated services, each nil unless its section says `simulator:`.
    public struct Simulated: Sendable {
        public var pihole: PiHoleSimulator?
        public var adguard: AdGuardSimulator?
        public var pfsense: PfSenseSimulator?
        public var npm: NPMSimulator?
        /// The apps checked with `simulator:` instead of a URL.
        public var apps: AppSimulator?

        var servers: [SimulatedServiceServer] {
            [pihole?.server, adguard?.server, pfsense?.server, npm?.server, apps?.server].compactMap { $0 }
        }
    }

    init(dnsFilters: [NamedFilter], firewall: PfSenseClient?, proxy: NPMClient?, apps: AppStatusBoard?, appChecker: AppChecker,
         now: @escaping @Sendable () -> Date, simulated: Simulated, clients: IntegrationHTTPClients) {
        self.now = now
        self.dnsFilters = dnsFilters
        self.firewall = firewall
        self.proxy = proxy
        self.apps = apps
        self.appChecker = appChecker
        self.simulated = simulated
        self.clients = clients
    }

    /// The `/healthz` components of the configured services: `integration:pihole`, `integration:pfsense`, …
    var componentKeys: [String] {
        dnsFilters.map(\.key) + (firewall == nil ? [] : ["pfsense"]) + (proxy == nil ? [] : ["npm"])
    }

    static func make(config: IntegrationsConfig, clock: AnyClock, now: @escaping @Sendable () -> Date, logger: Logger) async throws -> HomelabServices {
        let clients = IntegrationHTTPClients(logger: logger)
        var simulated = Simulated()
        // The simulators' own logs are noise for a demo user: only critical ones show.
        var quiet = Logger(label: "nexboard.simulator.integrations")
        quiet.logLevel = .critical
        do {
            var filters: [NamedFilter] = []
            if let config = config.pihole {
                var (version, password) = (config.version, config.password)
                let (url, tls) = try await address(config.source) {
                    password = Secret("pihole-demo")
                    let simulator = try await PiHoleSimulator.start(version: version == .v5 ? 5 : 6, password: password?.value, clock: clock, logger: quiet)
                    simulated.pihole = simulator
                    if version == .detect { version = .v6 }
                    return simulator.baseURL
                }
                let connection = IntegrationConnection(service: "Pi-hole", baseURL: url, tls: tls, timeout: config.timeout)
                filters.append(NamedFilter(key: "pihole", filter: try PiHoleClient(
                    connection: connection, version: version, password: password, clients: clients, clock: clock)))
            }
            if let config = config.adguard {
                var (username, password) = (config.username, config.password)
                let (url, tls) = try await address(config.source) {
                    (username, password) = ("admin", Secret("adguard-demo"))
                    let simulator = try await AdGuardSimulator.start(username: username, password: password.value, clock: clock, logger: quiet)
                    simulated.adguard = simulator
                    return simulator.baseURL
                }
                let connection = IntegrationConnection(service: "AdGuard Home", baseURL: url, tls: tls, timeout: config.timeout)
                filters.append(NamedFilter(key: "adguard", filter: try AdGuardClient(
                    connection: connection, username: username, password: password, clients: clients, clock: clock)))
            }
            var firewall: PfSenseClient?
            if let config = config.pfsense {
                var auth = config.auth
                let (url, tls) = try await address(config.source) {
                    auth = .apiKey(Secret("pfsense-demo-key"))
                    let simulator = try await PfSenseSimulator.start(apiKey: "pfsense-demo-key", logger: quiet)
                    simulated.pfsense = simulator
                    return simulator.baseURL
                }
                firewall = try PfSenseClient(connection: IntegrationConnection(service: "pfSense", baseURL: url, tls: tls, timeout: config.timeout),
                                             auth: auth, clients: clients, clock: clock)
            }
            var proxy: NPMClient?
            if let config = config.npm {
                var (email, password) = (config.email, config.password)
                let (url, tls) = try await address(config.source) {
                    (email, password) = ("admin@example.com", Secret("npm-demo"))
                    let simulator = try await NPMSimulator.start(identity: email, secret: password.value, now: now, logger: quiet)
                    simulated.npm = simulator
                    return simulator.baseURL
                }
                proxy = try NPMClient(connection: IntegrationConnection(service: "Nginx Proxy Manager", baseURL: url, tls: tls, timeout: config.timeout),
                                      identity: email, secret: password, clients: clients, clock: clock, now: now)
            }
            var checks: [AppCheck] = []
            for app in config.apps {
                let (url, tls) = try await address(app.source) {
                    if simulated.apps == nil { simulated.apps = try await AppSimulator.start(logger: quiet) }
                    return simulated.apps?.url(of: app.name) ?? ""
                }
                checks.append(AppCheck(name: app.name, url: url, expectedStatus: app.expectedStatus, expectedText: app.expectedText,
                                       interval: app.interval, timeout: app.timeout, tls: tls))
            }
            return HomelabServices(dnsFilters: filters, firewall: firewall, proxy: proxy, apps: checks.isEmpty ? nil : AppStatusBoard(apps: checks),
                                   appChecker: AppChecker(clients: clients, clock: clock), now: now, simulated: simulated, clients: clients)
        } catch {
            for server in simulated.servers { await server.stop() }
            await clients.shutdown()
            throw error
        }
    }

    /// Where a configured service is: its URL and how its certificate is checked, or the simulated
    /// service `startSimulator` starts (plain HTTP on 127.0.0.1) and returns the URL of.
    private static func address(_ source: IntegrationSource, startSimulator: () async throws -> String) async throws -> (String, IntegrationTLS) {
        switch source {
        case let .remote(url, tls): (url, tls)
        case .simulator: (try await startSimulator(), .system)
        }
    }

    /// Closes the HTTP clients and stops the simulated services (again: stopping twice does nothing).
    func shutdown() async {
        await clients.shutdown()
        for server in simulated.servers { await server.stop() }
    }
}
