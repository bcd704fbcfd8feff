import Foundation

/// A destructive command waiting for its requester to press Confirm or Cancel.
///
/// Times are stored with millisecond precision; `create` already returns them rounded, so a record
/// returned by `create` equals the same record read back later.
public struct ConfirmationRecord: Sendable, Equatable {
    /// Random, URL-safe, 16 characters (96 bits): safe to put in a button's custom id.
    public var id: String
    /// The only subject allowed to resolve it, e.g. `discord:123`.
    public var subject: String
    public var platform: String
    public var channel: String?
    /// What to run on confirm, e.g. `vm stop 101`.
    public var commandLine: String
    /// What the user is asked to confirm, e.g. `Stop VM 101 (web01) on pve1`.
    public var summary: String
    /// What the question was about, exactly (the application's encoding of cluster, VMID, name and
    /// node), so that Confirm acts on that and refuses when it changed; nil: nothing to check.
    public var target: String?
    public var createdAt: Date
    public var expiresAt: Date
    public var state: ConfirmationState

    public init(
        id: String,
        subject: String,
        platform: String,
        channel: String?,
        commandLine: String,
        summary: String,
        target: String? = nil,
        createdAt: Date,
        expiresAt: Date,
        state: ConfirmationState
    ) {
        self.id = id
        self.subject = subject
        self.platform = platform
        self.channel = channel
        self.commandLine = commandLine
        self.summary = summary
        self.target = target
        self.createdAt = createdAt
        self.expiresAt = expiresAt
        self.state = state
    }
}
