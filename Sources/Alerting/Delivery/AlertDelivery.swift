import Foundation
import Logging
import Metrics
import NexBoardCore
import ServiceLifecycle
import Store
import Synchronization

/// Sends pending outbox rows to their destinations, in order per destination, and marks them sent.
///
/// A pass runs when `wakeup` is signalled (rows were written: a Proxmox hook, a poll cycle with
/// notifications) and at least every `interval` (for retries and paced rows).
///
/// A destination is `<platform>:<channel>`. Each pass fetches the due rows of every destination
/// separately (at most `perDestination` each) and serves the destinations side by side, so an email
/// backlog held at 10 a minute never keeps a chat alert waiting. A failed send retries with
/// exponential backoff (per destination: later rows of that destination wait, so order holds); a
/// resolution or an acknowledgement edits the firing message when its handle is known. Each
/// destination is held to the pace its sink declares (`NotificationSink.pace`; what is over it waits in
/// the outbox for a later pass), and a burst of events for one destination (`groupEventsFrom` or
/// more in a pass) goes out as one message.
///
/// Dead letters: a row the destination refuses for good (`DeliveryError.permanent`: HTTP 401, 403,
/// 404 or 410, a permanent SMTP refusal) or still undelivered `maximumAge` after it was written is
/// given up, with an `undelivered` line in the alert history ("not delivered to webhook:phone: the
/// webhook answered HTTP 404"); the health report counts them for a day.
public struct AlertDelivery<C: Clock>: Service where C.Duration == Duration {
    private let repository: any AlertRepository
    private let sinks: NotificationSinks
    private let interval: Duration
    private let wakeup: DeliveryWakeup
    private let clock: C
    private let now: @Sendable () -> Date
    private let logger: Logger
    /// First retry delay; doubles per attempt up to `maximumBackoff`.
    public var initialBackoff: TimeInterval = 2
    public var maximumBackoff: TimeInterval = 300
    /// This many pending events or more for one destination in a pass are sent as one message.
    public var groupEventsFrom = 4
    /// At most this many due rows of one destination are read per pass (a grouped burst is at most this big).
    public var perDestination = 100
    /// A row still not delivered this long after it was written becomes a dead letter: 24 hours.
    public var maximumAge: TimeInterval = 86_400
    /// How far back `DeliveryStatus.deadLetters` counts: 24 hours.
    public var deadLetterWindow: TimeInterval = 86_400
    /// Sent rows, dead letters and history older than this are deleted (checked about once an hour).
    public var retention: TimeInterval = 30 * 86_400

    private let limiter = DeliveryRateLimiter()
    private let failures = DeliveryFailures()
    /// Told after every pass, for the health page.
    public var report: (@Sendable (DeliveryStatus) async -> Void)?

    /// - Parameter wakeup: signalled by whoever writes outbox rows (`AlertCenter`), so they leave at once.
    public init(repository: any AlertRepository, sinks: NotificationSinks, interval: Duration = .seconds(1),
                wakeup: DeliveryWakeup = DeliveryWakeup(), clock: C, now: @escaping @Sendable () -> Date, logger: Logger) {
        self.repository = repository
        self.sinks = sinks
        self.interval = interval
        self.wakeup = wakeup
        self.clock = clock
        self.now = now
        self.logger = logger
    }

    public func run() async throws {
        // A graceful shutdown interrupts the wait between passes, never a pass itself.
        var lastPrune = Date.distantPast
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            do {
                _ = try await deliverPending()
                if now().timeIntervalSince(lastPrune) >= 3600 {
                    lastPrune = now()
                    try await repository.prune(before: lastPrune.addingTimeInterval(-retention))
                }
            } catch {
                logger.error("Alert delivery pass failed", metadata: ["error": "\(error)"])
            }
            try? await cancelWhenGracefulShutdown { [wakeup, clock, interval] in try await wakeup.wait(atMost: interval, on: clock) }
        }
    }

    /// One pass over the due rows, each destination in a child task of its own, then `report`.
    /// Returns how many rows were delivered.
    @discardableResult
    public func deliverPending() async throws -> Int {
        let rows = try await repository.pendingOutbox(now: now(), perDestination: perDestination)
        var byDestination: [String: [OutboxRow]] = [:]
        for row in rows { byDestination[row.destination, default: []].append(row) }
        let delivered = try await withThrowingTaskGroup(of: Int.self) { group in
            for (destination, rows) in byDestination {
                group.addTask { try await deliver(rows, to: destination) }
            }
            return try await group.reduce(0, +)
        }
        try await recordBacklog()
        if let report {
            let deadLetters = try await repository.deadLetters(since: now().addingTimeInterval(-deadLetterWindow))
            await report(DeliveryStatus(failing: failures.current, deadLetters: deadLetters))
        }
        return delivered
    }

    /// Delivers one destination's due rows in order, stopping at the first failure that will be
    /// retried or at the rate limit; rows refused for good or too old become dead letters.
    private func deliver(_ rows: [OutboxRow], to destination: String) async throws -> Int {
        let pace = await sinks.sink(for: AlertDestination.split(destination).platform)?.pace ?? .fallback
        let oldest = now().addingTimeInterval(-maximumAge)
        var rows = rows
        for row in rows where row.createdAt < oldest {
            let reason = "still not delivered after \(AlertNotification.span(maximumAge))" + (row.lastError.map { " (last error: \($0))" } ?? "")
            try await giveUp([row], reason: reason, attempted: false)
        }
        rows.removeAll { $0.createdAt < oldest }
        var delivered = 0
        var index = 0
        let events = rows.filter { $0.kind == AlertNotification.Kind.event.rawValue }
        let grouping = events.count >= groupEventsFrom
        var groupSent = false
        while index < rows.count {
            let row = rows[index]
            index += 1
            let isGroupedEvent = grouping && row.kind == AlertNotification.Kind.event.rawValue
            if isGroupedEvent && groupSent { continue }
            if !limiter.take(destination, pace: pace, now: now()) { break }
            do {
                if isGroupedEvent {
                    groupSent = true
                    try await deliverGroup(events)
                    delivered += events.count
                } else {
                    try await deliver(row)
                    delivered += 1
                }
                Self.count(destination, "sent")
                failures.record(destination, nil)
            } catch DeliveryError.permanent(let reason) {
                try await giveUp(isGroupedEvent ? events : [row], reason: reason, attempted: true)
                failures.record(destination, nil)
            } catch let error as any PermanentFailure where error.permanentReason != nil {
                try await giveUp(isGroupedEvent ? events : [row], reason: error.permanentReason ?? "\(error)", attempted: true)
                failures.record(destination, nil)
            } catch {
                failures.record(destination, "\(error)")
                Self.count(destination, "retry")
                let delay = min(maximumBackoff, initialBackoff * pow(2, Double(min(row.attempts, 20))))
                try await repository.markFailed(row.id, error: "\(error)", nextAttemptAt: now().addingTimeInterval(delay))
                logger.warning("Alert notification not delivered, will retry", metadata: [
                    "alerting.destination": "\(row.destination)", "alerting.outbox.id": "\(row.id)",
                    "alerting.attempts": "\(row.attempts + 1)", "error": "\(error)",
                ])
                break
            }
        }
        return delivered
    }

    /// Makes `rows` dead letters, each with its line in the alert history.
    private func giveUp(_ rows: [OutboxRow], reason: String, attempted: Bool) async throws {
        let time = now()
        for row in rows {
            let notification = try? JSONDecoder().decode(AlertNotification.self, from: Data(row.payload.utf8))
            var text = "not delivered to \(row.destination): \(reason)"
            if let title = notification?.title { text += " — \(title)" }
            // Seen by whoever sees the notification itself (scoped lists filter by concern).
            let concern: Concern = notification.map { $0.kind == .test ? .everything : $0.concern ?? .cluster($0.cluster) } ?? .everything
            let line = AlertHistoryEntry(dedupeKey: "undelivered:\(row.dedupeKey)@\(row.destination)", time: time,
                                         cluster: notification?.cluster ?? "", kind: "undelivered",
                                         severity: notification?.severity.rawValue ?? AlertSeverity.warning.rawValue, text: text,
                                         concern: concern)
            try await repository.markDead(row.id, reason: reason, at: time, attempted: attempted, history: line)
            Self.count(row.destination, "dead")
            logger.error("Alert notification given up (a dead letter in the alert history)", metadata: [
                "alerting.destination": "\(row.destination)", "alerting.outbox.id": "\(row.id)", "reason": "\(reason)",
            ])
        }
    }

    /// Several events as one message ("5 events on homelab"), every row marked with its handle.
    private func deliverGroup(_ rows: [OutboxRow]) async throws {
        guard let first = rows.first else { return }
        let (platform, channel) = AlertDestination.split(first.destination)
        guard let sink = await sinks.sink(for: platform) else { throw DeliveryError.noSink(platform: platform) }
        let notifications = try rows.map { try JSONDecoder().decode(AlertNotification.self, from: Data($0.payload.utf8)) }
        let message = AlertNotification.group(notifications)
        let handle = try await sink.send(message, to: channel, key: "\(first.dedupeKey)+\(rows.count)@\(first.destination)")
        let time = now()
        for row in rows { try await repository.markSent(row.id, handle: handle, at: time) }
    }

    private func deliver(_ row: OutboxRow) async throws {
        let (platform, channel) = AlertDestination.split(row.destination)
        guard let sink = await sinks.sink(for: platform) else { throw DeliveryError.noSink(platform: platform) }
        let notification = try JSONDecoder().decode(AlertNotification.self, from: Data(row.payload.utf8))
        var handle: String?
        let edits = [AlertNotification.Kind.resolved.rawValue, AlertNotification.Kind.acknowledged.rawValue]
        if edits.contains(row.kind), let thread = row.threadKey {
            handle = try await repository.threadHandle(threadKey: thread, destination: row.destination)
        }
        if let handle {
            try await sink.edit(handle, notification.message, at: channel)
            try await repository.markSent(row.id, handle: handle, at: now())
        } else {
            let sent = try await sink.send(notification.message, to: channel, key: "\(row.dedupeKey)@\(row.destination)")
            try await repository.markSent(row.id, handle: sent, at: now())
        }
    }

    /// `nexboard_deliveries_total`.
    private static func count(_ destination: String, _ outcome: String) {
        Counter(label: MetricFamily.deliveries.name, dimensions: [("destination", destination), ("outcome", outcome)]).increment()
    }

    /// Sets `nexboard_outbox_pending` and `nexboard_outbox_oldest_pending_age_seconds` of every
    /// destination that has a queue (back to zero once it is empty).
    private func recordBacklog() async throws {
        let backlog = try await repository.outboxBacklog()
        let destinations = Set(backlog.keys).union(try await repository.subscriptions().map(\.destination))
        let time = now()
        for destination in destinations {
            let waiting = backlog[destination]
            Gauge(label: MetricFamily.outboxPending.name, dimensions: [("destination", destination)]).record(waiting?.pending ?? 0)
            Gauge(label: MetricFamily.outboxOldestAge.name, dimensions: [("destination", destination)])
                .record(max(0, waiting.map { time.timeIntervalSince($0.oldest) } ?? 0))
        }
    }
}

/// The last failure of each destination, kept across passes for the health page.
final class DeliveryFailures: Sendable {
    private let errors = Mutex<[String: String]>([:])

    func record(_ destination: String, _ error: String?) {
        errors.withLock { $0[destination] = error }
    }

    var current: [String: String] { errors.withLock { $0 } }
}
