import Alerting
import Foundation
import Logging
import NexBoardCore
import ServiceLifecycle
import Store

/// Posts scheduled reports (`report subscribe`).
///
/// Every `interval` (on the injected clock) it runs each due report's command as the person who
/// subscribed it (their permissions and scope, audited as an automation) and completes the run in
/// one transaction with its outbox row, keyed by report and slot: the alert delivery posts it once,
/// at the platform's pace, also across a restart. After downtime, a report that missed several
/// slots is posted once and moves on to the next slot after now.
struct ReportScheduler<C: Clock>: Service where C.Duration == Duration {
    let store: NexBoardStore
    let dispatcher: Dispatcher
    /// What each platform can show, by platform id (reports render for the channel they go to).
    let capabilities: [String: ChatCapabilities]
    let clock: C
    let now: @Sendable () -> Date
    let logger: Logger
    var interval: Duration = .seconds(60)

    func run() async throws {
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            await runDue()
            try? await cancelWhenGracefulShutdown { try await clock.sleep(for: interval) }
        }
    }

    /// Runs every report due now; returns how many were queued.
    @discardableResult
    func runDue() async -> Int {
        let time = now()
        let due: [ReportSubscriptionRecord]
        do {
            due = try await store.reports.due(at: time)
        } catch {
            logger.warning("Could not read the scheduled reports", metadata: ["error": "\(error)"])
            return 0
        }
        var queued = 0
        for report in due {
            do {
                if try await run(report, at: time) { queued += 1 }
            } catch {
                logger.warning("A scheduled report was not queued; it is tried again", metadata: [
                    "report.id": "\(report.id)", "error": "\(error)",
                ])
            }
        }
        return queued
    }

    private func run(_ report: ReportSubscriptionRecord, at time: Date) async throws -> Bool {
        guard let schedule = ReportSchedule(encoded: report.schedule) else {
            logger.error("A scheduled report has an unreadable schedule; it is skipped", metadata: ["report.id": "\(report.id)"])
            return false
        }
        let parts = report.subject.split(separator: ":", maxSplits: 1).map(String.init)
        let (platform, channel) = AlertDestination.split(report.destination)
        let slot = Int64((report.nextRun.timeIntervalSince1970 * 1000).rounded())
        let responder = CollectingResponder()
        let request = ChatRequest(
            id: "report-\(report.id)-\(slot)", platform: platform, capabilities: capabilities[platform] ?? .unlimited,
            subject: Subject(kind: .init(rawValue: parts.first ?? ""), identifier: parts.count > 1 ? parts[1] : ""),
            channel: channel, line: report.report, origin: .automation)
        _ = await dispatcher.handle(request, responder: responder)
        let message = await responder.last ?? Message.privateError("The report produced nothing.")
        var notification = AlertNotification(
            kind: .report, alertID: nil, cluster: "", node: nil, tags: [], severity: .info,
            title: message.title ?? "Report \(report.id)", since: nil, at: time, dedupeKey: "report:\(report.id):\(slot)", threadKey: nil,
            concern: .everything)
        notification.code = Self.block(of: message, width: request.capabilities.monospaceWidth)
        let payload = String(decoding: try JSONEncoder().encode(notification), as: UTF8.self)
        return try await store.reports.complete(
            id: report.id, slot: report.nextRun, nextRun: schedule.next(after: time),
            outbox: OutboxEntry(dedupeKey: notification.dedupeKey, destinations: .these([report.destination]), threadKey: nil,
                                kind: AlertNotification.Kind.report.rawValue, payload: payload),
            now: time)
    }
}

extension ReportScheduler {
    /// The report's text, fields, table and code as one monospace block (the title and footer go
    /// beside it, buttons do not apply to a posted report); nil when the message has none of them.
    static func block(of message: Message, width: Int) -> String? {
        var body = message
        body.title = nil
        body.buttons = []
        body.footer = nil
        guard body.text != nil || !body.fields.isEmpty || body.table != nil || body.code != nil else { return nil }
        return TextRenderer(width: width).render(body)
    }
}

/// Keeps the replies of a request run for a report; the last one is the report.
private actor CollectingResponder: Responder {
    private(set) var last: Message?
    private var count = 0

    func send(_ message: Message) async throws -> ReplyHandle {
        last = message
        count += 1
        return ReplyHandle("report-\(count)")
    }

    func edit(_ handle: ReplyHandle, _ message: Message) async throws {
        last = message
    }
}
