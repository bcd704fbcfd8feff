/// A Proxmox VE task id: `UPID:{node}:{pid}:{pstart}:{starttime}:{type}:{id}:{user}:`,
/// with pid, pstart and starttime as 8 upper-case hex digits.
struct UPID: Sendable, Hashable, CustomStringConvertible {
    var node: String
    var pid: Int
    var pstart: Int
    var starttime: Int
    var type: String
    var id: String
    var user: String

    var description: String {
        "UPID:\(node):\(Self.hex(pid)):\(Self.hex(pstart)):\(Self.hex(starttime)):\(type):\(id):\(user):"
    }

    init(node: String, pid: Int, pstart: Int, starttime: Int, type: String, id: String, user: String) {
        self.node = node
        self.pid = pid
        self.pstart = pstart
        self.starttime = starttime
        self.type = type
        self.id = id
        self.user = user
    }

    /// Parses a PVE UPID; anything after the user field (a comment) is ignored.
    init?(parsing text: String) {
        let fields = text.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        guard fields.count >= 9, fields[0] == "UPID",
            let pid = Int(fields[2], radix: 16), let pstart = Int(fields[3], radix: 16),
            let starttime = Int(fields[4], radix: 16)
        else { return nil }
        self.init(node: fields[1], pid: pid, pstart: pstart, starttime: starttime,
                  type: fields[5], id: fields[6], user: fields[7])
    }

    private static func hex(_ value: Int) -> String {
        let digits = String(UInt32(truncatingIfNeeded: value), radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, 8 - digits.count)) + digits
    }
}
