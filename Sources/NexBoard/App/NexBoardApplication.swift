import Alerting
import Integrations
import AsyncHTTPClient
import ChatKit
import Foundation
import Logging
import NexBoardCore
import Prometheus
import Proxmox
import ProxmoxSimulator
import ServiceLifecycle
import Store
import WebPage

/// The composition root: every real piece is created here, once. Tests call the same `build` with
/// an in-memory store and simulated clusters.
public final class NexBoardApplication: Sendable {
    public let dispatcher: Dispatcher
    public let store: NexBoardStore
    public let health: HealthRegistry
    public let config: NexBoardConfig
    /// The embedded simulated clusters by cluster name (demo and tests turn their knobs).
    public let simulatedClusters: [String: SimulatedCluster]
    let webPage: WebPageServer
    let simulators: [String: ProxmoxSimulatorServer]
    let clusters: ClusterRegistry
    let logger: Logger
    /// Alert state and acknowledgements; nil when `alerts.enabled` is false.
    public let alertCenter: AlertCenter?
    /// Where alert notifications go, by platform; chat adapters register theirs when they start.
    public let notificationSinks: NotificationSinks
    /// The alert pollers (one per cluster); empty when alerting is off.
    let alertPollers: [AlertPoller<AnyClock>]
    /// Sends the outbox; nil when alerting is off.
    let alertDelivery: AlertDelivery<AnyClock>?
    /// One adapter per configured chat platform.
    public let chatAdapters: [ChatAdapter]
    /// Probes the database for `/healthz` and prunes the audit log and old confirmations.
    let storeMaintenance: StoreMaintenance<AnyClock>
    /// What every wait of the application sleeps on (`Options.clock`).
    let clock: AnyClock
    /// The configured Prometheus; nil without a `prometheus` section.
    let prometheus: PrometheusSource?
    /// Posts scheduled reports through the outbox; nil when alerting (and so delivery) is off.
    let reportScheduler: ReportScheduler<AnyClock>?
    /// Pi-hole, AdGuard Home and their simulators (`integrations`).
    public let homelab: HomelabServices
    /// Console links and sessions (`vm console`), served by the HTTP page.
    let console: ConsoleService

    public struct Options: Sendable {
        /// Overrides `data_dir`; nil with `inMemoryStore` false uses the configured folder.
        public var dataDirectory: String?
        public var inMemoryStore: Bool
        /// Overrides the HTTP listen port (0: any free port).
        public var httpPort: Int?
        public var taskPollInterval: Duration
        public var taskFollowLimit: Duration
        public var now: @Sendable () -> Date
        /// What everything that waits sleeps on: task following, the Proxmox deadline, polling,
        /// health checks, delivery passes, reconnect backoff, Discord's heartbeat. Tests pass a
        /// manual clock. (Wall-clock dates come from `now`.)
        public var clock: AnyClock

        public init(dataDirectory: String? = nil, inMemoryStore: Bool = false, httpPort: Int? = nil,
                    taskPollInterval: Duration = .milliseconds(500), taskFollowLimit: Duration = .seconds(600),
                    now: @escaping @Sendable () -> Date = { Date() }, clock: some Clock<Duration> = ContinuousClock()) {
            self.dataDirectory = dataDirectory
            self.inMemoryStore = inMemoryStore
            self.httpPort = httpPort
            self.taskPollInterval = taskPollInterval
            self.taskFollowLimit = taskFollowLimit
            self.now = now
            self.clock = AnyClock(clock)
        }
    }

    init(dispatcher: Dispatcher, store: NexBoardStore, health: HealthRegistry, config: NexBoardConfig,
         simulatedClusters: [String: SimulatedCluster], webPage: WebPageServer, simulators: [String: ProxmoxSimulatorServer],
         clusters: ClusterRegistry, logger: Logger, alertCenter: AlertCenter? = nil,
         notificationSinks: NotificationSinks, alertPollers: [AlertPoller<AnyClock>], alertDelivery: AlertDelivery<AnyClock>?,
         chatAdapters: [ChatAdapter], storeMaintenance: StoreMaintenance<AnyClock>, clock: AnyClock, homelab: HomelabServices,
         console: ConsoleService, prometheus: PrometheusSource? = nil, reportScheduler: ReportScheduler<AnyClock>? = nil) {
        self.dispatcher = dispatcher
        self.store = store
        self.health = health
        self.config = config
        self.simulatedClusters = simulatedClusters
        self.webPage = webPage
        self.simulators = simulators
        self.clusters = clusters
        self.logger = logger
        self.alertCenter = alertCenter
        self.notificationSinks = notificationSinks
        self.alertPollers = alertPollers
        self.alertDelivery = alertDelivery
        self.chatAdapters = chatAdapters
        self.storeMaintenance = storeMaintenance
        self.clock = clock
        self.prometheus = prometheus
        self.reportScheduler = reportScheduler
        self.homelab = homelab
        self.console = console
    }

    /// Wires the application. Embedded simulators start listening here; the HTTP page starts in `run`.
    ///
    /// - Parameter platforms: the chat platforms to connect; nil: those the configuration sets up.
    public static func build(config: NexBoardConfig, catalog: CommandCatalog, metrics: PrometheusCollectorRegistry,
                             platforms: [PlatformFactory]? = nil, options: Options = Options(),
                             logger: Logger) async throws -> NexBoardApplication {
        let platforms = platforms ?? Platforms.configured(config, catalog: catalog)
        let store: NexBoardStore
        if options.inMemoryStore {
            store = try NexBoardStore.inMemory()
        } else {
            let directory = options.dataDirectory ?? config.dataDirectory
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            store = try NexBoardStore.open(directory: directory, logger: logger)
        }
        let health = HealthRegistry()
        await health.report("store", .ok)

        var handles: [ClusterHandle] = []
        var backupServers: [String: BackupServerHandle] = [:]
        var simulators: [String: ProxmoxSimulatorServer] = [:]
        var simulated: [String: SimulatedCluster] = [:]
        var prometheus: PrometheusSource?
        let clusters: ClusterRegistry
        let sinks = NotificationSinks()
        let alerting: Alerting
        let homelab: HomelabServices
        do {
            for cluster in config.clusters {
                let connection: ProxmoxConnection
                var backupServerConnection: ProxmoxConnection?
                var datastores: [String] = []
                if let pbs = cluster.backupServer {
                    backupServerConnection = ProxmoxConnection(name: "\(cluster.name)/pbs", baseURL: pbs.url,
                                                               auth: .backupServerToken(id: pbs.tokenID, secret: pbs.tokenSecret), tls: pbs.tls,
                                                               timeout: cluster.timeout)
                    datastores = pbs.datastores
                }
                switch cluster.source {
                case let .remote(url, auth, caFile, insecureTLS):
                    let clientAuth: ProxmoxConnection.Auth = switch auth {
                    case let .token(id, secret): .token(id: id, secret: secret)
                    case let .password(username, password): .password(username: username, password: password)
                    }
                    let tls: ProxmoxConnection.TLS = insecureTLS ? .insecure : (caFile.map { .caFile($0) } ?? .system)
                    connection = ProxmoxConnection(name: cluster.name, baseURL: url, auth: clientAuth, tls: tls, timeout: cluster.timeout)
                case let .simulator(nodes, guests, seed):
                    let options = SimulatorOptions(nodes: nodes, guests: guests, seed: seed)
                    let simulatedCluster = SimulatedCluster(options: options)
                    // The embedded simulator's own server logs are noise for a demo user: only critical ones show.
                    var simulatorLogger = Logger(label: "nexboard.simulator.\(cluster.name)")
                    simulatorLogger.logLevel = .critical
                    let server = try await ProxmoxSimulatorServer.start(cluster: simulatedCluster, consoles: config.console.proxy,
                                                                        logger: simulatorLogger)
                    simulators[cluster.name] = server
                    simulated[cluster.name] = simulatedCluster
                    // A simulated cluster backs up to a simulated Proxmox Backup Server, on its own port.
                    let backupServer = try await ProxmoxSimulatorServer.startBackupServer(cluster: simulatedCluster, logger: simulatorLogger)
                    simulators["\(cluster.name)/pbs"] = backupServer
                    backupServerConnection = ProxmoxConnection(
                        name: "\(cluster.name)/pbs", baseURL: backupServer.baseURL,
                        auth: .backupServerToken(id: options.tokenID, secret: Secret(options.tokenSecret)), timeout: cluster.timeout)
                    connection = ProxmoxConnection(
                        name: cluster.name, baseURL: server.baseURL,
                        auth: .token(id: options.tokenID, secret: Secret(options.tokenSecret)), tls: .system,
                        timeout: cluster.timeout)
                }
                var clusterLogger = logger
                clusterLogger[metadataKey: "cluster"] = "\(cluster.name)"
                if let backupServerConnection {
                    backupServers[cluster.name] = BackupServerHandle(
                        client: try ProxmoxClient(connection: backupServerConnection, logger: clusterLogger, clock: options.clock),
                        datastores: datastores)
                }
                handles.append(ClusterHandle(name: cluster.name, client: try ProxmoxClient(connection: connection, logger: clusterLogger, clock: options.clock),
                                             backupServer: backupServers[cluster.name]))
                await health.report("cluster:\(cluster.name)", .starting)
            }
            if let settings = config.prometheus {
                prometheus = PrometheusSource(client: try PrometheusClient(configuration: settings.connection, clock: options.clock, logger: logger),
                                              queries: settings.queries)
            }
            clusters = ClusterRegistry(clusters: handles)
            alerting = try await makeAlerting(config: config, clusters: clusters, store: store, sinks: sinks, health: health,
                                              chatPlatforms: Set(platforms.map(\.id)), now: options.now, clock: options.clock, logger: logger)
            homelab = try await HomelabServices.make(config: config.integrations, clock: options.clock, now: options.now, logger: logger)
        } catch {
            // Whatever failed, the clients made so far are closed and the simulators started are stopped.
            try? await prometheus?.client.shutdown()
            for handle in handles { try? await handle.client.shutdown() }
            for server in backupServers.values { try? await server.client.shutdown() }
            for server in simulators.values { await server.stop() }
            throw error
        }
        var services = DispatchServices(
            catalog: catalog, policy: AccessPolicy(config: config), clusters: clusters, store: store,
            confirmationTTL: config.confirmationTTL, taskPollInterval: options.taskPollInterval,
            taskFollowLimit: options.taskFollowLimit, now: options.now, resources: ClusterResourceCache(clock: options.clock))
        services.alertCenter = alerting.center
        services.prometheus = prometheus
        services.graphImages = config.monitor.images
        services.deployPresets = config.deployPresets
        services.homelab = config.integrations.isEmpty ? nil : homelab
        for key in homelab.componentKeys { await health.report(IntegrationHealthMonitor.component(key), .starting) }
        let console = ConsoleService(
            configuration: config.console, publicURL: config.http.publicURL,
            proxmoxUI: Dictionary(uniqueKeysWithValues: config.clusters.compactMap { cluster in
                switch cluster.source {
                case .remote(let url, _, _, _): (cluster.name, url)
                case .simulator: simulators[cluster.name].map { (cluster.name, $0.baseURL) }
                }
            }),
            clusters: clusters, policy: services.policy, audit: store.audit, now: options.now, clock: options.clock, logger: logger)
        services.console = console
        let dispatcher = Dispatcher(services: services, handlers: Handlers.all, logger: logger)
        let alertRoutes = webhookRoutes(config: config, center: alerting.center, clusters: clusters, now: options.now, logger: logger)
        var httpConfiguration = config.http
        if let port = options.httpPort { httpConfiguration.port = port }
        // The platforms' routes are known once they are made, below; the page mounts them when it starts.
        let chatRoutes = ChatRoutes()
        let webPage = WebPageServer(
            configuration: httpConfiguration,
            health: health, metrics: metrics, logger: logger,
            extraRoutes: { router in
                alertRoutes(router)
                ConsoleRoutes.install(on: router, console: console)
                for route in chatRoutes.all { mount(route, on: router) }
            })
        let dedupe = InboundDedupe(log: StoreHandledEventLog(events: store.handledEvents), now: options.now)
        var chatAdapters: [ChatAdapter] = []
        let host = httpConfiguration.host
        for factory in platforms {
            let context = PlatformContext(
                handler: dispatcher, buttonCommands: KeyValueButtonCommandStore(store: store.keyValues, namespace: factory.id),
                clock: options.clock, now: options.now, keyValues: store.keyValues, logger: logger, httpAddress: { "http://\(host):\(await webPage.boundPort())" })
            chatAdapters.append(await attach(factory.make(context), dedupe: dedupe, sinks: sinks, health: health, clock: options.clock,
                                             logger: logger))
        }
        chatRoutes.set(chatAdapters.flatMap(\.httpRoutes))
        registerMetrics(on: metrics, catalog: catalog, clusters: handles.map(\.name), destinations: try await knownDestinations(store),
                        platforms: platforms.map(\.id))
        let reportScheduler = alerting.delivery.map { _ in
            ReportScheduler(store: store, dispatcher: dispatcher,
                            capabilities: Dictionary(chatAdapters.map { ($0.platform.id, $0.platform.capabilities) }, uniquingKeysWith: { a, _ in a }),
                            clock: options.clock, now: options.now, logger: logger)
        }
        let storeMaintenance = StoreMaintenance(store: store, health: health, clock: options.clock, now: options.now, logger: logger,
                                                retention: config.auditRetention)
        return NexBoardApplication(
            dispatcher: dispatcher, store: store, health: health, config: config, simulatedClusters: simulated,
            webPage: webPage, simulators: simulators, clusters: clusters, logger: logger, alertCenter: alerting.center,
            notificationSinks: sinks, alertPollers: alerting.pollers, alertDelivery: alerting.delivery, chatAdapters: chatAdapters,
            storeMaintenance: storeMaintenance, clock: options.clock, homelab: homelab, console: console, prometheus: prometheus,
            reportScheduler: reportScheduler)
    }

    /// The URLs of the embedded simulators by cluster name.
    public var simulatorBaseURLs: [String: String] { simulators.mapValues(\.baseURL) }

    /// The long-running services, in dependency order (shut down in reverse): the store, the
    /// embedded simulators, cluster health, alerting, the chat platforms, the HTTP page.
    public var services: [any Service] {
        serviceConfigurations.map(\.service)
    }

    /// The services as the ServiceGroup runs them: a platform whose finished session ends the run
    /// (the demo's console) shuts NexBoard down when it returns.
    public var serviceConfigurations: [ServiceGroupConfiguration.ServiceConfiguration] {
        var services: [any Service] = [storeMaintenance]
        services += simulators.keys.sorted().compactMap { simulators[$0].map(EmbeddedSimulator.init) }
        services += homelab.simulated.servers.map(EmbeddedServiceSimulator.init) as [any Service]
        services.append(ClusterHealthMonitor(clusters: clusters, health: health, clock: clock, logger: logger))
        if !homelab.componentKeys.isEmpty {
            services.append(IntegrationHealthMonitor(homelab: homelab, health: health, clock: clock, logger: logger))
        }
        if let alertCenter, !config.integrations.isEmpty {
            services.append(IntegrationAlertSource(homelab: homelab, center: alertCenter, interval: config.alerts.pollInterval, clock: clock,
                                                   logger: logger))
        }
        if let apps = homelab.apps {
            services.append(AppCheckSchedule(board: apps, checker: homelab.appChecker, clock: clock, now: homelab.now, logger: logger))
        }
        services += alertPollers as [any Service]
        if let alertDelivery { services.append(alertDelivery) }
        if let reportScheduler { services.append(reportScheduler) }
        let adapters = chatAdapters.map {
            ServiceGroupConfiguration.ServiceConfiguration(
                service: $0, successTerminationBehavior: $0.platform.endsTheRun ? .gracefullyShutdownGroup : .cancelGroup)
        }
        return services.map { .init(service: $0) } + adapters + [.init(service: webPage)]
    }

    /// The HTTP page's port once it listens.
    public func httpPort() async -> Int {
        await webPage.boundPort()
    }

    /// Releases the HTTP clients and stops embedded simulators. Call after the services have stopped.
    public func shutdown() async {
        for handle in clusters.clusters {
            do { try await handle.client.shutdown() } catch {
                logger.warning("Could not close a Proxmox client", metadata: ["cluster": "\(handle.name)", "error": "\(error)"])
            }
            try? await handle.backupServer?.client.shutdown()
        }
        do { try await prometheus?.client.shutdown() } catch {
            logger.warning("Could not close the Prometheus client", metadata: ["error": "\(error)"])
        }
        for server in simulators.values { await server.stop() }
        await homelab.shutdown()
        for adapter in chatAdapters { await adapter.platform.shutdown() }
    }
}
