import Foundation

/// Scheduled reports. A run is completed in one transaction with its outbox row, so a report is
/// posted once per slot, also when the process stops between rendering and delivery.
public protocol ReportRepository: Sendable {
    /// Stores a subscription and returns it with its id.
    func add(_ subscription: ReportSubscriptionRecord) async throws -> ReportSubscriptionRecord
    /// A destination's subscriptions, or all, by id.
    func subscriptions(destination: String?) async throws -> [ReportSubscriptionRecord]
    /// Whether the destination had a subscription with that id to remove.
    func remove(id: Int64, destination: String) async throws -> Bool
    /// Subscriptions whose next run is at or before `now`.
    func due(at now: Date) async throws -> [ReportSubscriptionRecord]
    /// Moves the subscription from `slot` to `nextRun` and writes `outbox` for its destination, in one
    /// transaction; false (and nothing written) when the slot was completed already.
    func complete(id: Int64, slot: Date, nextRun: Date, outbox: OutboxEntry, now: Date) async throws -> Bool
}
