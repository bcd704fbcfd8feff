import Foundation
import NexBoardCore

/// One thing to tell subscribers: an alert fired, resolved, was acknowledged or flaps, or an event.
///
/// Codable: it is the outbox row's payload, rendered into a `Message` only when delivered.
public struct AlertNotification: Sendable, Hashable, Codable {
    /// A named detail that came with an event ("Job" = "backup-5f1c"), shown as a message field.
    public struct Field: Sendable, Hashable, Codable {
        public var name: String
        public var value: String

        public init(_ name: String, _ value: String) {
            self.name = name
            self.value = value
        }
    }

    public enum Kind: String, Sendable, Hashable, Codable {
        case firing, resolved, acknowledged, flapping, event
        /// A still-firing alert announced again (repeat interval); a new message in the same thread.
        case reminder
        /// `alert test`: shows that a destination receives notifications.
        case test
        /// A scheduled report (`report subscribe`): its title and monospace block in `code`.
        case report
    }

    public var kind: Kind
    /// The alert's identity (rule@cluster:target); nil for events.
    public var alertID: String?
    public var cluster: String
    public var node: String?
    public var tags: [String]
    public var severity: AlertSeverity
    /// "pve2 memory 93% for 5m", "VM 101 (web01) stopped unexpectedly on pve1".
    public var title: String
    public var since: Date?
    public var at: Date
    /// Event kinds (`guest-stopped`...), for subscription filters.
    public var eventKind: String?
    public var acknowledgedBy: String?
    /// Unique per notification.
    public var dedupeKey: String
    /// Ties a firing message to its later edits.
    public var threadKey: String?
    /// What it is about, so that scoped users see only what their scope reaches; nil: the whole
    /// cluster (a Proxmox notification).
    public var concern: Concern?
    /// What the sender said beyond the title (a Proxmox notification's `message`: the vzdump log
    /// summary, the fencing details), literal text; nil for NexBoard's own notifications.
    public var detail: String?
    /// Details the sender gave as fields (a Proxmox notification's type, host, job id).
    public var fields: [Field]?
    /// A report's monospace block (a heatmap); nil for alerts and events.
    public var code: String?

    public init(kind: Kind, alertID: String?, cluster: String, node: String?, tags: [String], severity: AlertSeverity, title: String,
                since: Date?, at: Date, eventKind: String? = nil, acknowledgedBy: String? = nil, dedupeKey: String, threadKey: String?,
                concern: Concern? = nil, detail: String? = nil, fields: [Field]? = nil) {
        self.kind = kind
        self.alertID = alertID
        self.cluster = cluster
        self.node = node
        self.tags = tags
        self.severity = severity
        self.title = title
        self.since = since
        self.at = at
        self.eventKind = eventKind
        self.acknowledgedBy = acknowledgedBy
        self.dedupeKey = dedupeKey
        self.threadKey = threadKey
        self.concern = concern
        self.detail = detail
        self.fields = fields
    }

    /// The chat message for this notification: firing alerts carry Acknowledge and Silence 1h buttons.
    /// The title is literal text (a Proxmox notification's title is whatever Proxmox sent).
    public var message: Message {
        let title = Markup.literal(self.title)
        let severity = self.severity.messageSeverity
        switch kind {
        case .firing:
            return Message(title: "🔔 \(title)", text: "Firing since \(Self.clock(since ?? at)) on cluster \(cluster).",
                           buttons: alertID.map(Self.buttons) ?? [], footer: alertID.map { "alert \($0)" }, severity: severity)
        case .acknowledged:
            return Message(title: "🔔 \(title)",
                           text: "Firing since \(Self.clock(since ?? at)) on cluster \(cluster). Acknowledged by \(acknowledgedBy ?? "someone").",
                           buttons: alertID.map { [Button("Silence 1h", command: "alert silence \($0) 1h")] } ?? [],
                           footer: alertID.map { "alert \($0)" }, severity: severity)
        case .resolved:
            let lasted = since.map { " after \(Self.span(at.timeIntervalSince($0)))" } ?? ""
            return Message(title: "✔ Resolved: \(title)", text: "Resolved at \(Self.clock(at))\(lasted).",
                           footer: alertID.map { "alert \($0)" }, severity: .success)
        case .flapping:
            return Message(title: "↯ Flapping: \(title)", text: "It keeps firing and resolving; quiet until it is stable.",
                           buttons: alertID.map(Self.buttons) ?? [], footer: alertID.map { "alert \($0)" }, severity: .warning)
        case .reminder:
            return Message(title: "🔁 Still firing: \(title)", text: "Firing since \(Self.clock(since ?? at)) on cluster \(cluster).",
                           buttons: alertID.map(Self.buttons) ?? [], footer: alertID.map { "alert \($0)" }, severity: severity)
        case .event:
            let when = "Cluster \(cluster) at \(Self.clock(at))."
            let text = detail.map { "\(Markup.literal($0))\n\n\(when)" } ?? when
            return Message(title: title, text: text, fields: (fields ?? []).map { Message.Field(Markup.literal($0.name), Markup.literal($0.value)) },
                           severity: severity)
        case .report:
            return Message(title: title, code: code, footer: "scheduled report · \(Self.clock(at))", severity: .info)
        case .test:
            return Message(title: "🧪 \(title)", text: "Sent at \(Self.clock(at)). Alerts and events for this destination arrive the same way.",
                           severity: .info)
        }
    }

    /// Several events in one message, most severe first in the severity colour, at most 20 lines.
    public static func group(_ events: [AlertNotification]) -> Message {
        let worst = events.map(\.severity).max() ?? .info
        let clusters = Set(events.map(\.cluster)).sorted().joined(separator: ", ")
        var lines = events.prefix(20).map { "• \(Markup.literal($0.title))" }
        if events.count > 20 { lines.append("… and \(events.count - 20) more") }
        return Message(title: "\(events.count) events on \(clusters)", text: lines.joined(separator: "\n"), severity: worst.messageSeverity)
    }

    static func buttons(_ id: String) -> [Button] {
        [Button("Acknowledge", command: "alert ack \(id)", style: .primary), Button("Silence 1h", command: "alert silence \(id) 1h")]
    }

    static func clock(_ date: Date) -> String {
        DateText.minute(date) + " UTC"
    }

    /// "45 s", "5 min", "2 h 10 min".
    public static func span(_ seconds: TimeInterval) -> String {
        let total = Int(seconds.rounded())
        if total < 60 { return "\(total) s" }
        if total < 3600 { return "\(total / 60) min" }
        let minutes = (total % 3600) / 60
        return "\(total / 3600) h" + (minutes > 0 ? " \(minutes) min" : "")
    }
}
