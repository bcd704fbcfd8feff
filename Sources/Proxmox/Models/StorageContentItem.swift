import Foundation

/// One volume of `GET /nodes/{node}/storage/{storage}/content`.
public struct StorageContentItem: Sendable, Hashable, Decodable {
    /// e.g. `local:backup/vzdump-qemu-100-....vma.zst`.
    public var volid: String
    /// `images`, `rootdir`, `iso`, `vztmpl`, `backup`, `snippets`, ... (derived from `volid` when absent).
    public var content: String
    public var format: String?
    public var size: Int64
    public var ctime: Date?
    public var vmid: Int?
    public var notes: String?
    /// Backups: protected from pruning and removal.
    public var protected: Bool
    /// Backups: `qemu` or `lxc`.
    public var subtype: String?
    /// Proxmox Backup Server snapshots: the last verification's state (`ok`, `failed`); nil when never verified.
    public var verificationState: String?

    private struct Verification: Decodable {
        var state: String?
    }

    /// A volume known from elsewhere (a Proxmox Backup Server snapshot that no PVE storage lists).
    public init(volid: String, content: String, format: String? = nil, size: Int64, ctime: Date?, vmid: Int?, notes: String? = nil,
                protected: Bool = false, subtype: String? = nil, verificationState: String? = nil) {
        self.volid = volid
        self.content = content
        self.format = format
        self.size = size
        self.ctime = ctime
        self.vmid = vmid
        self.notes = notes
        self.protected = protected
        self.subtype = subtype
        self.verificationState = verificationState
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.anyKeyed()
        volid = try c.requiredString("volid")
        content = c.lenientString("content") ?? StorageContentItem.contentType(fromVolid: volid)
        format = c.lenientString("format")
        size = c.lenientInt64("size") ?? 0
        ctime = c.lenientDate("ctime")
        vmid = c.lenientInt("vmid")
        notes = c.lenientString("notes")
        protected = c.lenientBool("protected") ?? false
        subtype = c.lenientString("subtype")
        verificationState = c.nested(Verification.self, "verification")?.state
    }

    /// The items of a whole `GET …/storage/{storage}/content` answer body (`{"data": [...]}`), read
    /// with `FlatJSON`: `backup list` reads 50,000 backups of a large cluster at once.
    public static func list(fromAnswer body: Data) throws -> [StorageContentItem] {
        var items = try FlatJSON.dataObjects(StorageContentItem.self, from: body)
        for index in items.indices where items[index].content.isEmpty {
            items[index].content = contentType(fromVolid: items[index].volid)
        }
        return items
    }

    /// "local:iso/x.iso" -> "iso"; "local-lvm:vm-100-disk-0" -> "images".
    static func contentType(fromVolid volid: String) -> String {
        guard let colon = volid.firstIndex(of: ":") else { return "" }
        let rest = volid[volid.index(after: colon)...]
        if let slash = rest.firstIndex(of: "/") { return String(rest[..<slash]) }
        return "images"
    }
}

extension StorageContentItem: FlatJSONObject {
    init() {
        self.init(volid: "", content: "", size: 0, ctime: nil, vmid: nil)
    }

    /// The keys read; the others are skipped unread.
    private enum Field: String, CaseIterable {
        case volid, content, format, size, ctime, vmid, notes, protected, subtype
        case verificationState = "verification.state"
    }

    private static let fieldList = Field.allCases
    static let fields: FlatJSONFields? = FlatJSONFields(fieldList.map(\.rawValue))

    mutating func set(field: Int, _ value: JSONScalar) {
        switch Self.fieldList[field] {
        case .volid: volid = value.string ?? ""
        case .content: content = value.string ?? ""
        case .format: format = value.string
        case .size: size = value.int64 ?? 0
        case .ctime: ctime = value.double.map { Date(timeIntervalSince1970: $0) }
        case .vmid: vmid = value.int64.map { Int(truncatingIfNeeded: $0) }
        case .notes: notes = value.string
        case .protected: protected = value.bool ?? false
        case .subtype: subtype = value.string
        case .verificationState: verificationState = value.string
        }
    }

    func validate() throws {
        guard !volid.isEmpty else {
            throw DecodingError.keyNotFound(AnyKey("volid"), .init(codingPath: [], debugDescription: "missing 'volid'"))
        }
    }
}
