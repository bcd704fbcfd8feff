import Foundation

/// A Proxmox VE task id ("unique process id"), as returned by every asynchronous API call.
///
/// Format: `UPID:{node}:{pid:08X}:{pstart:08X}:{starttime:08X}:{type}:{id}:{user}:` where the numbers
/// are upper-case hex, `id` may be empty (e.g. `aptupdate`) and `user` is `user@realm` or
/// `user@realm!tokenid`. Some tools append text after the final colon; it is ignored.
public struct UPID: Sendable, Hashable, CustomStringConvertible {
    /// The task id exactly as Proxmox sent it; this is what goes back into task URLs.
    public let raw: String
    /// The node the task runs on.
    public let node: String
    public let pid: Int
    public let pstart: Int
    /// When the task started.
    public let startTime: Date
    /// The task type, e.g. `qmstart`, `vzdump`.
    public let type: String
    /// The object the task works on (often a VMID); empty when there is none.
    public let id: String
    /// The user or API token that started the task.
    public let user: String

    /// Parses a UPID; `nil` when the text is not a PVE task id.
    public init?(_ raw: String) {
        let parts = raw.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count >= 9, parts[0] == "UPID" else { return nil }
        let node = String(parts[1])
        guard !node.isEmpty,
            let pid = UPID.hex(parts[2]),
            let pstart = UPID.hex(parts[3]),
            let start = UPID.hex(parts[4])
        else { return nil }
        let type = String(parts[5])
        let user = String(parts[7])
        guard !type.isEmpty, user.contains("@") else { return nil }
        self.raw = raw
        self.node = node
        self.pid = pid
        self.pstart = pstart
        self.startTime = Date(timeIntervalSince1970: TimeInterval(start))
        self.type = type
        self.id = String(parts[6])
        self.user = user
    }

    public var description: String { raw }

    private static func hex(_ text: Substring) -> Int? {
        guard (1...16).contains(text.count), text.allSatisfy(\.isHexDigit) else { return nil }
        return Int(text, radix: 16)
    }
}
