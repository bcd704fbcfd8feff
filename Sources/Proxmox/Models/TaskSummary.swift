import Foundation

/// One task of `GET /cluster/tasks` or `GET /nodes/{node}/tasks`.
public struct TaskSummary: Sendable, Hashable, Decodable {
    /// The parsed task id; `nil` when Proxmox sent one this client cannot parse (see `upidRaw`).
    public var upid: UPID?
    /// The task id as sent.
    public var upidRaw: String
    public var node: String
    public var type: String
    public var id: String?
    public var user: String
    public var startTime: Date
    /// `nil` while the task runs.
    public var endTime: Date?
    /// `OK`, `WARNINGS: n`, an error text, `running`, or `nil` while the task runs.
    public var status: String?

    /// Whether the task has not finished yet.
    public var isRunning: Bool { endTime == nil && (status == nil || status == "running") }

    /// `nil` while running; `true` for `OK` and `WARNINGS: n`; `false` for anything else.
    public var succeeded: Bool? {
        isRunning ? nil : taskExitSucceeded(status ?? "")
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.anyKeyed()
        upidRaw = try c.requiredString("upid")
        let upid = UPID(upidRaw)
        self.upid = upid
        node = c.lenientString("node") ?? upid?.node ?? ""
        type = c.lenientString("type") ?? upid?.type ?? ""
        id = c.lenientString("id") ?? upid?.id
        user = c.lenientString("user") ?? upid?.user ?? ""
        startTime = c.lenientDate("starttime") ?? upid?.startTime ?? Date(timeIntervalSince1970: 0)
        endTime = c.lenientDate("endtime")
        status = c.lenientString("status")
    }
}

/// PVE counts `OK` and `WARNINGS: n` as success; any other exit status is a failure.
func taskExitSucceeded(_ exitStatus: String) -> Bool {
    exitStatus == "OK" || exitStatus.hasPrefix("WARNINGS")
}
