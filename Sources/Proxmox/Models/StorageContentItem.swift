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

    /// "local:iso/x.iso" -> "iso"; "local-lvm:vm-100-disk-0" -> "images".
    static func contentType(fromVolid volid: String) -> String {
        guard let colon = volid.firstIndex(of: ":") else { return "" }
        let rest = volid[volid.index(after: colon)...]
        if let slash = rest.firstIndex(of: "/") { return String(rest[..<slash]) }
        return "images"
    }
}
