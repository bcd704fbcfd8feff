import Foundation

/// A channel's scheduled report.
public struct ReportSubscriptionRecord: Sendable, Hashable {
    /// 0 until stored.
    public var id: Int64
    /// `<platform>:<channel>`, as alert destinations.
    public var destination: String
    /// `heatmap`, `overview`...
    public var report: String
    /// The schedule's own encoding (`ReportSchedule.encoded`).
    public var schedule: String
    /// Who subscribed: the report runs with their permissions.
    public var subject: String
    public var createdAt: Date
    /// The next slot the report is due at.
    public var nextRun: Date

    public init(id: Int64 = 0, destination: String, report: String, schedule: String, subject: String, createdAt: Date, nextRun: Date) {
        self.id = id
        self.destination = destination
        self.report = report
        self.schedule = schedule
        self.subject = subject
        self.createdAt = createdAt
        self.nextRun = StoredTime.normalized(nextRun)
    }
}
