import Foundation

/// One scheduled backup job of `GET /cluster/backup`.
public struct BackupJob: Sendable, Hashable, Decodable {
    public var id: String
    /// A systemd-like calendar event, e.g. `02:00` or `sun 03:00`.
    public var schedule: String?
    public var enabled: Bool
    /// The target storage; nil when the job uses the node's default.
    public var storage: String?
    /// True when the job backs up every guest (but `exclude`).
    public var all: Bool
    /// The guests it backs up when not `all`.
    public var vmids: [Int]
    public var excluded: [Int]
    /// Only the guests on this node, when set.
    public var node: String?
    /// Only the guests of this pool, when set.
    public var pool: String?
    public var mode: String?
    public var comment: String?
    public var nextRun: Date?

    public init(from decoder: any Decoder) throws {
        let c = try decoder.anyKeyed()
        id = try c.requiredString("id")
        schedule = c.lenientString("schedule")
        enabled = c.lenientBool("enabled") ?? true
        storage = c.lenientString("storage")
        all = c.lenientBool("all") ?? false
        vmids = parseList(c.lenientString("vmid")).compactMap { Int($0) }
        excluded = parseList(c.lenientString("exclude")).compactMap { Int($0) }
        node = c.lenientString("node")
        pool = c.lenientString("pool")
        mode = c.lenientString("mode")
        comment = c.lenientString("comment")
        nextRun = c.lenientDate("next-run")
    }

    /// Whether the job backs up this guest (as far as the job itself says; `pool` needs the guest's pool).
    public func covers(vmid: Int, node guestNode: String, pool guestPool: String?) -> Bool {
        if let node, node != guestNode { return false }
        if let pool { return pool == guestPool && !excluded.contains(vmid) }
        return all ? !excluded.contains(vmid) : vmids.contains(vmid)
    }
}
