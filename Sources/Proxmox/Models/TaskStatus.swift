import Foundation

/// `GET /nodes/{node}/tasks/{upid}/status`.
public struct TaskStatus: Sendable, Hashable, Decodable {
    public var upid: UPID
    public var node: String
    public var status: TaskState
    /// Set once the task stopped: `OK`, `WARNINGS: n` or an error text.
    public var exitStatus: String?
    public var type: String
    public var id: String?
    public var user: String
    public var startTime: Date
    public var endTime: Date?

    /// `nil` while running; `true` for `OK` and `WARNINGS: n`; `false` for anything else.
    public var succeeded: Bool? {
        guard status != .running, let exitStatus else { return nil }
        return taskExitSucceeded(exitStatus)
    }

    public init(
        upid: UPID, status: TaskState, exitStatus: String? = nil, startTime: Date? = nil, endTime: Date? = nil
    ) {
        self.upid = upid
        self.node = upid.node
        self.status = status
        self.exitStatus = exitStatus
        self.type = upid.type
        self.id = upid.id.isEmpty ? nil : upid.id
        self.user = upid.user
        self.startTime = startTime ?? upid.startTime
        self.endTime = endTime
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.anyKeyed()
        let fallback = (decoder.userInfo[ProxmoxJSON.contextKey] as? ProxmoxJSON.Context)?.upid
        guard let upid = c.lenientString("upid").flatMap(UPID.init) ?? fallback else {
            throw DecodingError.dataCorrupted(.init(codingPath: c.codingPath, debugDescription: "missing or invalid 'upid'"))
        }
        self.upid = upid
        node = c.lenientString("node") ?? upid.node
        status = TaskState(rawValue: c.lenientString("status") ?? "")
        exitStatus = c.lenientString("exitstatus")
        type = c.lenientString("type") ?? upid.type
        id = c.lenientString("id") ?? (upid.id.isEmpty ? nil : upid.id)
        user = c.lenientString("user") ?? upid.user
        startTime = c.lenientDate("starttime") ?? upid.startTime
        endTime = c.lenientDate("endtime")
    }
}
