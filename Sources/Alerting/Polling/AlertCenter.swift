import Foundation
import Logging
import Metrics
import NexBoardCore
import Store

/// The one owner of alert state in a process: poll cycles and acknowledgements go through it, one
/// at a time, so neither overwrites the other. Each cycle's decisions (states, outbox rows,
/// history, task cursor) are written in one transaction before anything is sent.
public actor AlertCenter {
    public private(set) var engine: AlertEngine
    private let repository: any AlertRepository
    private let keyValues: any KeyValueStore
    private let now: @Sendable () -> Date
    private let logger: Logger
    private let wakeup: DeliveryWakeup?
    private var alertsByCluster: [String: [String: TrackedAlert]] = [:]
    private var previousSnapshots: [String: ClusterSnapshot] = [:]
    /// The presence last saved per cluster (nil inside: looked up, nothing saved).
    private var savedPresence: [String: ClusterPresence?] = [:]
    private var cursors: [String: TaskCursor] = [:]
    private var ledgers: [String: BackupLedger] = [:]

    /// - Parameter wakeup: signalled after every commit that wrote outbox rows, so delivery sends them at once.
    public init(engine: AlertEngine, repository: any AlertRepository, keyValues: any KeyValueStore,
                now: @escaping @Sendable () -> Date = { Date() }, wakeup: DeliveryWakeup? = nil, logger: Logger) {
        self.wakeup = wakeup
        self.engine = engine
        self.repository = repository
        self.keyValues = keyValues
        self.now = now
        self.logger = logger
    }

    /// Replaces the rules (config reload). Alert identities do not change, so nothing re-fires.
    public func reload(engine: AlertEngine) {
        self.engine = engine
    }

    /// What one cycle did.
    public struct CycleReport: Sendable {
        public var events: [ClusterEvent]
        public var notifications: [AlertNotification]
        public var outboxRowsWritten: Int
    }

    /// Runs one cycle for a cluster with what the poll got: a snapshot, or nil when the cluster did not answer.
    @discardableResult
    public func cycle(cluster: String, snapshot: ClusterSnapshot?) async throws -> CycleReport {
        let time = now()
        let previousAlerts = try await alerts(of: cluster)
        var cursor = try await cursor(of: cluster)
        var ledger = try await ledger(of: cluster)
        let ledgerBefore = ledger
        var ledgerChanged = false

        var events: [ClusterEvent] = []
        var changedPresence: ClusterPresence?
        if let snapshot {
            let saved = try await saved(of: cluster)
            if let before = previousSnapshots[cluster] ?? saved?.snapshot(cluster: cluster) { events += EventDetector.diff(before, snapshot) }
            if saved?.sameContent(as: snapshot) != true { changedPresence = ClusterPresence(snapshot) }
            let finished = cursor.advance(over: snapshot.tasks)
            events += EventDetector.taskEvents(finished, cluster: cluster, guests: snapshot.guests)
            ledgerChanged = ledger.record(snapshot)
        }
        let silences = try await repository.activeSilences(at: time).map(\.matcher)
        let outcome = engine.evaluate(cluster: cluster, snapshot: snapshot, events: events, alerts: previousAlerts, silences: silences,
                                      backups: ledger, now: time)
        var write = try await write(of: outcome, at: time)
        if snapshot != nil {
            write.keyValues["tasks:\(cluster)"] = cursor.encoded
            // At 10,000 guests its JSON is the cycle's largest write: only when it changed.
            if ledgerChanged, ledger != ledgerBefore { write.keyValues["backups:\(cluster)"] = ledger.encoded }
        }
        if let changedPresence { write.keyValues["presence:\(cluster)"] = changedPresence.encoded }
        let written = try await commit(write)

        // Only after the commit: a failed write leaves memory as it was, and the next cycle redoes the work.
        alertsByCluster[cluster] = outcome.alerts
        Self.recordAlerts(of: cluster, outcome.alerts.values)
        cursors[cluster] = cursor
        ledgers[cluster] = ledger
        if let snapshot { previousSnapshots[cluster] = snapshot }
        if let changedPresence { savedPresence[cluster] = changedPresence }
        if !outcome.notifications.isEmpty {
            logger.info("Alert cycle produced notifications", metadata: [
                "cluster": "\(cluster)", "alerting.notifications": "\(outcome.notifications.count)",
                "alerting.outbox.rows": "\(written)",
            ])
        }
        return CycleReport(events: events, notifications: outcome.notifications, outboxRowsWritten: written)
    }

    /// One cycle of the integration rules (pfSense, DNS filters, certificates, apps): their alerts
    /// go through the same state, outbox, subscriptions and silences as a cluster's.
    public func cycle(integrations sample: IntegrationSample) async throws -> CycleReport {
        let time = now()
        let source = IntegrationSample.source
        let previousAlerts = try await alerts(of: source)
        let silences = try await repository.activeSilences(at: time).map(\.matcher)
        let outcome = engine.evaluate(integrations: sample, alerts: previousAlerts, silences: silences, now: time)
        let written = try await commit(write(of: outcome, at: time))
        alertsByCluster[source] = outcome.alerts
        return CycleReport(events: [], notifications: outcome.notifications, outboxRowsWritten: written)
    }

    /// Announces a notification that did not come from a poll (a Proxmox webhook) to the subscribed channels.
    public func ingest(_ notification: AlertNotification) async throws {
        let subscriptions = try await repository.subscriptions().map { ($0.destination, AlertSubscription(encoded: $0.filter)) }
        var write = AlertCycleWrite(now: now())
        write.outbox = [outboxEntry(notification, subscriptions: subscriptions)].compactMap { $0 }
        write.history = [historyEntry(notification)]
        try await commit(write)
    }

    /// `alert test`: a test notification to one destination, through the outbox like any other, so
    /// it shows that the whole path (sink, credentials, rate limit) works. Returns its outbox key.
    @discardableResult
    public func sendTest(to destination: String, requestedBy who: String) async throws -> String {
        let time = now()
        let notification = AlertNotification(
            kind: .test, alertID: nil, cluster: "", node: nil, tags: [], severity: .info,
            title: "Test notification from NexBoard, requested by \(who)", since: nil, at: time,
            dedupeKey: "test:\(destination):\(Int64((time.timeIntervalSince1970 * 1000).rounded()))", threadKey: nil)
        guard var entry = outboxEntry(notification, subscriptions: []) else { return notification.dedupeKey }
        entry.destinations = .these([destination])
        var write = AlertCycleWrite(now: time)
        write.outbox = [entry]
        write.history = [historyEntry(notification)]
        try await commit(write)
        return notification.dedupeKey
    }

    /// The result of `alert ack`.
    public enum AcknowledgeResult: Sendable, Equatable {
        case acknowledged(label: String)
        case alreadyAcknowledged(by: String)
        case notFiring
        case notFound
    }

    /// Acknowledges a firing alert: repeats stop and its message shows who took it.
    public func acknowledge(alertID: String, by who: String) async throws -> AcknowledgeResult {
        let all = try await repository.states(cluster: nil)
        guard let saved = all.first(where: { $0.id == alertID || $0.id.lowercased() == alertID.lowercased() }) else { return .notFound }
        var alerts = try await alerts(of: saved.cluster)
        guard var alert = alerts[saved.id] else { return .notFound }
        if let by = alert.machine.acknowledgedBy { return .alreadyAcknowledged(by: by) }
        let time = now()
        guard let notification = engine.acknowledge(&alert, by: who, now: time) else { return .notFiring }
        var write = AlertCycleWrite(now: time)
        write.states = record(of: alert, at: time).map { [$0] } ?? []
        write.outbox = [outboxEntry(notification, subscriptions: [])].compactMap { $0 }
        write.history = [historyEntry(notification)]
        try await commit(write)
        alerts[alert.id] = alert
        alertsByCluster[saved.cluster] = alerts
        Self.recordAlerts(of: saved.cluster, alerts.values)
        return .acknowledged(label: alert.label)
    }

    /// The tracked alerts that are not inactive, of every cluster polled or saved.
    public func activeAlerts() async throws -> [TrackedAlert] {
        try await repository.states(cluster: nil).compactMap(decode).filter { !$0.machine.isInactive || $0.machine.isFlapping }
    }

    /// A series of `nexboard_alerts` (without making a String per alert to count it).
    private struct AlertKind: Hashable {
        var state: String
        var severity: AlertSeverity
    }

    /// Sets `nexboard_alerts` of a cluster: every state and severity, zero where none is.
    static func recordAlerts(of cluster: String, _ alerts: some Sequence<TrackedAlert>) {
        var counts: [AlertKind: Int] = [:]
        for alert in alerts where !alert.machine.isInactive || alert.machine.isFlapping {
            counts[AlertKind(state: alert.machine.label, severity: alert.severity), default: 0] += 1
        }
        for state in MetricFamily.alertStates {
            for severity in AlertSeverity.allCases {
                Gauge(label: MetricFamily.alerts.name, dimensions: [("cluster", cluster), ("state", state), ("severity", severity.rawValue)])
                    .record(counts[AlertKind(state: state, severity: severity)] ?? 0)
            }
        }
    }

    /// What one evaluation writes: the alerts that changed (most stay as they were from one poll to
    /// the next), those to forget, and each notification as an outbox row for its subscribers and a
    /// history line.
    private func write(of outcome: AlertEngine.Outcome, at time: Date) async throws -> AlertCycleWrite {
        let subscriptions = try await repository.subscriptions().map { ($0.destination, AlertSubscription(encoded: $0.filter)) }
        var write = AlertCycleWrite(now: time)
        // A breaching target's value moves on every poll: the engine names the states where more than that changed.
        write.states = outcome.changed.sorted().compactMap { outcome.alerts[$0].flatMap { record(of: $0, at: time) } }
        write.deletedStates = outcome.forgotten
        write.outbox = outcome.notifications.compactMap { outboxEntry($0, subscriptions: subscriptions) }
        write.history = outcome.notifications.map(historyEntry)
        return write
    }

    /// Writes one transaction; when it wrote outbox rows, delivery is woken to send them now.
    @discardableResult
    private func commit(_ write: AlertCycleWrite) async throws -> Int {
        let written = try await repository.commit(write)
        if written > 0 { wakeup?.signal() }
        return written
    }

    private func alerts(of cluster: String) async throws -> [String: TrackedAlert] {
        if let cached = alertsByCluster[cluster] { return cached }
        var loaded: [String: TrackedAlert] = [:]
        for record in try await repository.states(cluster: cluster) {
            if let alert = decode(record) { loaded[alert.id] = alert } else {
                logger.warning("Ignoring an alert state that cannot be read", metadata: ["alerting.alert": "\(record.id)"])
            }
        }
        alertsByCluster[cluster] = loaded
        return loaded
    }

    private func cursor(of cluster: String) async throws -> TaskCursor {
        if let cached = cursors[cluster] { return cached }
        let saved = try await keyValues.get("tasks:\(cluster)", namespace: "alerting").flatMap { TaskCursor(encoded: $0) }
        return saved ?? TaskCursor()
    }

    private func saved(of cluster: String) async throws -> ClusterPresence? {
        if let cached = savedPresence[cluster] { return cached }
        let saved = try await keyValues.get("presence:\(cluster)", namespace: "alerting").flatMap { ClusterPresence(encoded: $0) }
        savedPresence[cluster] = .some(saved)
        return saved
    }

    /// When each guest of a cluster last had a successful backup, as the `backup-missing` rule reads it.
    public func backupLedger(of cluster: String) async throws -> BackupLedger {
        try await ledger(of: cluster)
    }

    private func ledger(of cluster: String) async throws -> BackupLedger {
        if let cached = ledgers[cluster] { return cached }
        let saved = try await keyValues.get("backups:\(cluster)", namespace: "alerting").flatMap { BackupLedger(encoded: $0) }
        return saved ?? BackupLedger()
    }

    private func decode(_ record: AlertStateRecord) -> TrackedAlert? {
        try? JSONDecoder().decode(TrackedAlert.self, from: Data(record.machine.utf8))
    }

    private func record(of alert: TrackedAlert, at time: Date) -> AlertStateRecord? {
        guard let machine = alert.savedJSON else { return nil }
        return AlertStateRecord(id: alert.id, cluster: alert.cluster, rule: alert.rule, target: alert.target.id, label: alert.label,
                                severity: alert.severity.rawValue, status: alert.machine.label,
                                machine: machine, updatedAt: time)
    }

    private func outboxEntry(_ notification: AlertNotification, subscriptions: [(String, AlertSubscription)]) -> OutboxEntry? {
        guard let data = try? JSONEncoder().encode(notification) else { return nil }
        let destinations: OutboxEntry.Destinations = switch notification.kind {
        case .resolved, .acknowledged, .reminder: .followingThread
        case .firing, .flapping, .event: .these(subscriptions.filter { $0.1.accepts(notification) }.map(\.0))
        case .test, .report: .these([])
        }
        return OutboxEntry(dedupeKey: notification.dedupeKey, destinations: destinations, threadKey: notification.threadKey,
                           kind: notification.kind.rawValue, payload: String(decoding: data, as: UTF8.self))
    }

    private func historyEntry(_ notification: AlertNotification) -> AlertHistoryEntry {
        AlertHistoryEntry(dedupeKey: notification.dedupeKey, time: notification.at, cluster: notification.cluster,
                          kind: notification.kind.rawValue, severity: notification.severity.rawValue,
                          text: notification.kind == .resolved ? "Resolved: \(notification.title)" : notification.title,
                          concern: notification.kind == .test ? .everything : notification.concern ?? .cluster(notification.cluster))
    }
}
