import Foundation

/// One snapshot of `GET /admin/datastore/{store}/snapshots` on a Proxmox Backup Server.
public struct BackupServerSnapshot: Sendable, Hashable, Decodable {
    /// `vm`, `ct` or `host`.
    public var backupType: String
    /// The VMID for `vm` and `ct`, a host name for `host`.
    public var backupID: String
    public var backupTime: Date
    public var size: Int64
    public var protected: Bool
    public var owner: String?
    public var comment: String?
    /// The last verification's state (`ok`, `failed`); nil when never verified.
    public var verificationState: String?

    private struct Verification: Decodable {
        var state: String?
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.anyKeyed()
        backupType = try c.requiredString("backup-type")
        backupID = try c.requiredString("backup-id")
        backupTime = c.lenientDate("backup-time") ?? Date(timeIntervalSince1970: 0)
        size = c.lenientInt64("size") ?? 0
        protected = c.lenientBool("protected") ?? false
        owner = c.lenientString("owner")
        comment = c.lenientString("comment")
        verificationState = c.nested(Verification.self, "verification")?.state
    }

    /// The guest it backs up, for `vm` and `ct` snapshots.
    public var vmid: Int? { backupType == "host" ? nil : Int(backupID) }

    /// The snapshots of a whole `GET /admin/datastore/{store}/snapshots` answer body, read with
    /// `FlatJSON`: a datastore of a large cluster lists tens of thousands.
    static func list(fromAnswer body: Data) throws -> [BackupServerSnapshot] {
        try FlatJSON.dataObjects(BackupServerSnapshot.self, from: body)
    }
}

extension BackupServerSnapshot: FlatJSONObject {
    init() {
        backupType = ""
        backupID = ""
        backupTime = Date(timeIntervalSince1970: 0)
        size = 0
        protected = false
    }

    /// The keys read; the others (`files`, `fingerprint`…) are skipped unread.
    private enum Field: String, CaseIterable {
        case backupType = "backup-type", backupID = "backup-id", backupTime = "backup-time", size, protected, owner, comment
        case verificationState = "verification.state"
    }

    private static let fieldList = Field.allCases
    static let fields: FlatJSONFields? = FlatJSONFields(fieldList.map(\.rawValue))

    mutating func set(field: Int, _ value: JSONScalar) {
        switch Self.fieldList[field] {
        case .backupType: backupType = value.string ?? ""
        case .backupID: backupID = value.string ?? ""
        case .backupTime: backupTime = Date(timeIntervalSince1970: value.double ?? 0)
        case .size: size = value.int64 ?? 0
        case .protected: protected = value.bool ?? false
        case .owner: owner = value.string
        case .comment: comment = value.string
        case .verificationState: verificationState = value.string
        }
    }

    func validate() throws {
        for (key, value) in [("backup-type", backupType), ("backup-id", backupID)] where value.isEmpty {
            throw DecodingError.keyNotFound(AnyKey(key), .init(codingPath: [], debugDescription: "missing '\(key)'"))
        }
    }
}

/// One datastore of `GET /status/datastore-usage`.
public struct BackupServerDatastore: Sendable, Hashable, Decodable {
    public var store: String
    public var total: Int64
    public var used: Int64
    public var avail: Int64
    public var estimatedFull: Date?
    /// Set when PBS could not read the datastore.
    public var error: String?

    public init(from decoder: any Decoder) throws {
        let c = try decoder.anyKeyed()
        store = try c.requiredString("store")
        total = c.lenientInt64("total") ?? 0
        used = c.lenientInt64("used") ?? 0
        avail = c.lenientInt64("avail") ?? 0
        estimatedFull = c.lenientDate("estimated-full-date")
        error = c.lenientString("error")
    }
}

/// A garbage collection, verify or prune job of a Proxmox Backup Server, with its last result.
public struct BackupServerJob: Sendable, Hashable, Decodable {
    public enum Kind: String, Sendable {
        case verify, prune
    }

    /// The job id; for garbage collection, the datastore.
    public var id: String
    public var store: String
    public var schedule: String?
    public var lastRunState: String?
    public var lastRunEnd: Date?
    public var nextRun: Date?

    public init(from decoder: any Decoder) throws {
        let c = try decoder.anyKeyed()
        store = try c.requiredString("store")
        id = c.lenientString("id") ?? store
        schedule = c.lenientString("schedule")
        lastRunState = c.lenientString("last-run-state")
        lastRunEnd = c.lenientDate("last-run-endtime")
        nextRun = c.lenientDate("next-run")
    }
}
