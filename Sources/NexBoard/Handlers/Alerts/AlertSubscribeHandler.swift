import Alerting
import NexBoardCore
import Store

/// `alert subscribe [--severity] [--clusters] [--nodes] [--tags] [--events]`.
struct AlertSubscribeHandler: CommandHandler {
    let command = "alert subscribe"

    func handle(_ context: CommandContext) async throws -> Message {
        _ = try context.alertCenter()
        // The channel would receive alerts of every guest: a scope cannot limit what others there read.
        try context.requireUnscoped(for: "Subscribing a channel to alerts")
        let events = context.list("events")
        let known = Alerting.ClusterEvent.Kind.allNames + ProxmoxNotificationIntake.kinds
        let unknown = events.filter { $0 != "none" && !known.contains($0) }
        guard unknown.isEmpty else {
            throw InvalidRequest(userMessage: "Unknown event kind \(unknown.map { "`\($0)`" }.joined(separator: ", ")). "
                                 + "Known: \(known.joined(separator: ", ")), or none.")
        }
        // Names of clusters, nodes and tags are plain words; anything else is a typo, not a filter.
        for option in ["clusters", "nodes", "tags"] {
            if let bad = context.list(option).first(where: { !$0.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "-_.".contains($0)) } }) {
                throw InvalidRequest(userMessage: "\(Markup.code(bad)) is not a \(option.dropLast()) name: use letters, digits, `-`, `_` and `.`, "
                                     + "several separated by commas.")
            }
        }
        let subscription = AlertSubscription(
            minimumSeverity: context.command.text("severity").flatMap(AlertSeverity.init(rawValue:)) ?? .info,
            clusters: context.list("clusters"), nodes: context.list("nodes"), tags: context.list("tags"), events: events)
        try await context.services.store.alerts.subscribe(AlertSubscriptionRecord(
            destination: context.alertDestination, filter: subscription.encoded, createdBy: context.request.subject.description,
            createdAt: context.now))
        await context.notes.set(target: context.alertDestination)
        return Message(title: "This channel receives alerts", text: subscription.summary + ".", severity: .success)
    }
}
