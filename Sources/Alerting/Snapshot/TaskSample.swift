import Foundation
import Proxmox

/// One finished or running task of `/cluster/tasks`.
public struct TaskSample: Sendable, Hashable {
    public var upid: String
    public var node: String
    /// `qmstart`, `vzdump`...
    public var type: String
    /// Usually the VMID, may be empty.
    public var id: String
    public var user: String
    public var startTime: Date
    public var endTime: Date?
    /// `OK`, `WARNINGS: n`, an error text; nil while running.
    public var status: String?

    public init(upid: String, node: String, type: String, id: String = "", user: String = "root@pam",
                startTime: Date, endTime: Date? = nil, status: String? = nil) {
        self.upid = upid
        self.node = node
        self.type = type
        self.id = id
        self.user = user
        self.startTime = startTime
        self.endTime = endTime
        self.status = status
    }

    public init(_ summary: TaskSummary) {
        self.init(upid: summary.upidRaw, node: summary.node, type: summary.type, id: summary.id ?? "", user: summary.user,
                  startTime: summary.startTime, endTime: summary.endTime, status: summary.isRunning ? nil : summary.status)
    }

    public var isFinished: Bool { endTime != nil || (status != nil && status != "running") }
    /// PVE counts `OK` and `WARNINGS: n` as success.
    public var succeeded: Bool { status == "OK" || (status?.hasPrefix("WARNINGS") ?? false) }
    public var isBackup: Bool { type == "vzdump" }
}
