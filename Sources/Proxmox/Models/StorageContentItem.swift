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

    public init(from decoder: any Decoder) throws {
        let c = try decoder.anyKeyed()
        volid = try c.requiredString("volid")
        content = c.lenientString("content") ?? StorageContentItem.contentType(fromVolid: volid)
        format = c.lenientString("format")
        size = c.lenientInt64("size") ?? 0
        ctime = c.lenientDate("ctime")
        vmid = c.lenientInt("vmid")
        notes = c.lenientString("notes")
    }

    /// "local:iso/x.iso" -> "iso"; "local-lvm:vm-100-disk-0" -> "images".
    static func contentType(fromVolid volid: String) -> String {
        guard let colon = volid.firstIndex(of: ":") else { return "" }
        let rest = volid[volid.index(after: colon)...]
        if let slash = rest.firstIndex(of: "/") { return String(rest[..<slash]) }
        return "images"
    }
}
