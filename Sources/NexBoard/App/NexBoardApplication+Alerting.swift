import Alerting
import Foundation
import Hummingbird
import Logging
import NexBoardCore
import ServiceLifecycle
import Store
import WebPage

extension NexBoardApplication {
    /// What alerting consists of: the center, one poller per cluster, the delivery service.
    struct Alerting {
        var center: AlertCenter?
        var pollers: [AlertPoller<AnyClock>] = []
        var delivery: AlertDelivery<AnyClock>?
    }

    /// The alert center, one poller per cluster and the delivery service; nothing when alerting is off.
    ///
    /// Rules come from `alerts.rules`, else from the `config/alerts.yaml` built into NexBoard. A rules
    /// file with problems stops the start with a message naming them.
    /// Each poller reports to the health page as `alerting:<cluster>`, the delivery as `alerting:delivery`.
    /// The outbox rows of destinations no longer configured are dropped (`ConfiguredDestinations`).
    /// With a `backup-missing` rule, the pollers also read the backups on the storages (`StoredBackupReader`).
    static func makeAlerting(config: NexBoardConfig, clusters: ClusterRegistry, store: NexBoardStore, sinks: NotificationSinks,
                             health: HealthRegistry, chatPlatforms: Set<String>, now: @escaping @Sendable () -> Date,
                             clock: AnyClock, logger: Logger) async throws -> Alerting {
        guard config.alerts.enabled else { return Alerting() }
        let rules = try config.alerts.rulesFile.map(AlertRulesFile.load(path:)) ?? ShippedResources.alertRules()
        var alertLogger = logger
        alertLogger[metadataKey: "component"] = "alerting"
        let wakeup = DeliveryWakeup()
        let center = AlertCenter(engine: rules.engine, repository: store.alerts, keyValues: store.keyValues, now: now, wakeup: wakeup,
                                 logger: alertLogger)
        var pollers: [AlertPoller<AnyClock>] = []
        let readsBackups = rules.engine.rules.contains { $0.metric == .backupMissing }
        for handle in clusters.clusters {
            let client = handle.client
            let name = handle.name
            let backups = readsBackups ? StoredBackupReader(cluster: handle, logger: alertLogger) : nil
            var poller = AlertPoller(cluster: name, interval: config.alerts.pollInterval, clock: clock, center: center,
                                     logger: alertLogger) {
                let time = now()
                async let stored = backups?.read(at: time)
                var snapshot = try await ClusterSnapshot.fetch(from: client, cluster: name, now: time)
                snapshot.storedBackups = await stored
                return snapshot
            }
            poller.report = { failure in
                // The cycle's snapshots were just dropped: 10,000 guests are MiB of small allocations.
                ProcessMemory.giveBack()
                if let failure {
                    await health.report("alerting:\(name)", .down, detail: "the last cycle was not saved: \(failure)")
                } else {
                    await health.report("alerting:\(name)", .ok)
                }
            }
            await health.report("alerting:\(name)", .starting)
            pollers.append(poller)
        }
        try await configureWebhooks(config.alerts.webhooks, store: store, sinks: sinks, now: now)
        try await configureEmail(config.alerts.email, store: store, sinks: sinks, now: now, logger: alertLogger)
        try await ConfiguredDestinations(config: config, chatPlatforms: chatPlatforms).dropOthers(from: store, logger: alertLogger)
        var delivery = AlertDelivery(repository: store.alerts, sinks: sinks, wakeup: wakeup, clock: clock, now: now, logger: alertLogger)
        delivery.report = { status in
            let (state, detail) = deliveryHealth(status)
            await health.report("alerting:delivery", state, detail: detail)
        }
        return Alerting(center: center, pollers: pollers, delivery: delivery)
    }
}

extension NexBoardApplication {
    /// `alerting:delivery` on the health page: degraded while a destination fails (retrying) or
    /// when notifications became dead letters in the last day, ok otherwise.
    static func deliveryHealth(_ status: DeliveryStatus) -> (ComponentState, String?) {
        var parts: [String] = []
        if !status.failing.isEmpty {
            parts.append("retrying " + status.failing.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }.joined(separator: "; "))
        }
        if !status.deadLetters.isEmpty {
            let counts = status.deadLetters.sorted { $0.key < $1.key }.map { "\($0.value) to \($0.key)" }.joined(separator: ", ")
            parts.append("not delivered in the last 24 h (see alert history): \(counts)")
        }
        return parts.isEmpty ? (.ok, nil) : (.degraded, parts.joined(separator: "; "))
    }

    /// Registers the webhook sink and subscribes each configured webhook (`webhook:<name>`), so the
    /// configuration decides what they receive; webhooks no longer configured are unsubscribed.
    static func configureWebhooks(_ webhooks: [WebhookConfig], store: NexBoardStore, sinks: NotificationSinks,
                                  now: @Sendable () -> Date) async throws {
        var endpoints: [String: WebhookSink.Endpoint] = [:]
        for hook in webhooks {
            endpoints[hook.name] = WebhookSink.Endpoint(url: hook.url.value, format: WebhookFormat(rawValue: hook.format) ?? .json)
        }
        try await subscribeConfigured(platform: "webhook", webhooks.map { ($0.name, $0.severity) }, store: store, now: now)
        if !endpoints.isEmpty { await sinks.register("webhook", WebhookSink(endpoints: endpoints)) }
    }

    /// Makes the subscriptions of a configured platform (`webhook`, `email`) equal to the
    /// configuration: each named destination `<platform>:<name>` subscribed with its least severity,
    /// any other destination of that platform unsubscribed.
    static func subscribeConfigured(platform: String, _ destinations: [(name: String, severity: String)], store: NexBoardStore,
                                    now: @Sendable () -> Date) async throws {
        for destination in destinations {
            let filter = AlertSubscription(minimumSeverity: AlertSeverity(rawValue: destination.severity) ?? .warning)
            try await store.alerts.subscribe(AlertSubscriptionRecord(
                destination: "\(platform):\(destination.name)", filter: filter.encoded, createdBy: "config", createdAt: now()))
        }
        let configured = Set(destinations.map { "\(platform):\($0.name)" })
        for subscription in try await store.alerts.subscriptions()
        where subscription.destination.hasPrefix("\(platform):") && !configured.contains(subscription.destination) {
            _ = try await store.alerts.unsubscribe(destination: subscription.destination)
        }
    }

    /// The Proxmox webhook endpoint, when alerting runs and `alerts.webhook_secret` is set.
    static func webhookRoutes(config: NexBoardConfig, center: AlertCenter?, clusters: ClusterRegistry, now: @escaping @Sendable () -> Date,
                              logger: Logger) -> @Sendable (Router<WebPageRequestContext>) -> Void {
        guard let center, let secret = config.alerts.webhookSecret else { return { _ in } }
        let names = clusters.clusters.map(\.name)
        return { router in
            ProxmoxWebhookRoute.install(on: router, secret: secret, center: center, clusters: names, now: now, logger: logger)
        }
    }

    /// Runs one poll of every cluster now, outside the services' schedule (tests, and a future
    /// "poll now" command). Does nothing when alerting is off.
    public func pollAlertsNow() async {
        for poller in alertPollers { await poller.pollOnce() }
    }

    /// Queues the scheduled reports due now (tests); returns how many were queued.
    @discardableResult
    public func runReportsNow() async -> Int {
        await reportScheduler?.runDue() ?? 0
    }

    /// Runs one delivery pass now; returns how many notifications went out.
    @discardableResult
    public func deliverAlertsNow() async throws -> Int {
        try await alertDelivery?.deliverPending() ?? 0
    }
}
