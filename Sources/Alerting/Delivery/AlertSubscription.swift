import Foundation

/// What a channel wants: a minimum severity, and optionally only some clusters, nodes, tags and event kinds.
public struct AlertSubscription: Sendable, Hashable, Codable {
    public var minimumSeverity: AlertSeverity
    public var clusters: [String]
    public var nodes: [String]
    public var tags: [String]
    /// Event kinds (`guest-stopped`, `backup-failed`...); empty: all. `none`: alerts only.
    public var events: [String]

    public init(minimumSeverity: AlertSeverity = .info, clusters: [String] = [], nodes: [String] = [], tags: [String] = [],
                events: [String] = []) {
        self.minimumSeverity = minimumSeverity
        self.clusters = clusters
        self.nodes = nodes
        self.tags = tags
        self.events = events
    }

    /// Whether this notification goes to the channel.
    public func accepts(_ notification: AlertNotification) -> Bool {
        if notification.severity < minimumSeverity { return false }
        if !clusters.isEmpty, !clusters.contains(notification.cluster) { return false }
        if !nodes.isEmpty, !(notification.node.map(nodes.contains) ?? false) { return false }
        if !tags.isEmpty, !notification.tags.contains(where: tags.contains) { return false }
        if notification.kind == .event, !events.isEmpty, !events.contains(notification.eventKind ?? "") { return false }
        return true
    }

    /// The text kept in the store.
    public var encoded: String {
        (try? String(decoding: JSONEncoder().encode(self), as: UTF8.self)) ?? "{}"
    }

    public init(encoded: String) {
        self = (try? JSONDecoder().decode(AlertSubscription.self, from: Data(encoded.utf8))) ?? AlertSubscription()
    }

    /// One line for `alert list`.
    public var summary: String {
        var parts = ["\(minimumSeverity.rawValue) and worse"]
        if !clusters.isEmpty { parts.append("clusters " + clusters.joined(separator: ", ")) }
        if !nodes.isEmpty { parts.append("nodes " + nodes.joined(separator: ", ")) }
        if !tags.isEmpty { parts.append("tags " + tags.joined(separator: ", ")) }
        parts.append(events.isEmpty ? "all events" : "events " + events.joined(separator: ", "))
        return parts.joined(separator: "; ")
    }
}
