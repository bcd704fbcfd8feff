import Foundation

/// One row of the audit log: who asked for what, where, and how it ended.
///
/// Times are stored with millisecond precision, so `time` read back is rounded to the millisecond.
public struct AuditEntry: Sendable, Equatable {
    /// Assigned by the store; `nil` before the entry is recorded.
    public var id: Int64?
    public var time: Date
    /// The platform identity, e.g. `console:local`, `discord:123`.
    public var subject: String
    /// `discord`, `slack`, `matrix`, `console`.
    public var platform: String
    public var channel: String?
    /// The command path, e.g. `vm stop`.
    public var command: String
    /// The command line as typed, e.g. `vm stop web01`.
    public var arguments: String
    /// What the command acted on, e.g. `qemu/101 (web01)`.
    public var target: String?
    public var result: AuditResult
    public var detail: String?
    /// The Proxmox task id when the action started one.
    public var upid: String?
    public var cluster: String?

    public init(
        id: Int64? = nil,
        time: Date,
        subject: String,
        platform: String,
        channel: String? = nil,
        command: String,
        arguments: String,
        target: String? = nil,
        result: AuditResult,
        detail: String? = nil,
        upid: String? = nil,
        cluster: String? = nil
    ) {
        self.id = id
        self.time = time
        self.subject = subject
        self.platform = platform
        self.channel = channel
        self.command = command
        self.arguments = arguments
        self.target = target
        self.result = result
        self.detail = detail
        self.upid = upid
        self.cluster = cluster
    }
}
