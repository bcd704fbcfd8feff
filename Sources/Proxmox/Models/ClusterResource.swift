import Foundation

/// One entry of `GET /cluster/resources`: a node, guest, storage, pool or SDN zone.
///
/// Memory and disk sizes are in bytes, `uptime` in seconds; fields not listed are ignored.
public struct ClusterResource: Sendable, Hashable, Decodable {
    /// e.g. `qemu/100`, `node/pve1`, `storage/pve1/local`.
    public var id: String
    public var type: ResourceKind
    public var node: String?
    public var status: String?
    public var name: String?
    public var vmid: Int?
    /// CPU use as a fraction of `maxcpu` (0...1).
    public var cpu: Double?
    public var maxcpu: Double?
    public var mem: Int64?
    public var maxmem: Int64?
    public var disk: Int64?
    public var maxdisk: Int64?
    public var uptime: Int64?
    /// Parsed from "a;b", "a,b" or "a b"; empty when absent.
    public var tags: [String]
    public var pool: String?
    public var template: Bool
    public var storage: String?
    public var plugintype: String?
    /// Storage only: comma-separated content types, e.g. `images,rootdir`.
    public var content: String?
    public var shared: Bool
    public var hastate: String?
    public var lock: String?

    /// `.qemu` or `.lxc` for guests, `nil` otherwise.
    public var guestKind: GuestKind? {
        switch type {
        case .qemu: .qemu
        case .lxc: .lxc
        default: nil
        }
    }

    public init(from decoder: any Decoder) throws {
        self.init()
        for (key, value) in try decoder.singleValueContainer().decode([String: JSONScalar].self) { set(key, value) }
        try validate()
    }

    /// The entries of a whole `GET /cluster/resources` answer body (`{"data": [...]}`), read with
    /// `FlatJSON`: a 10,000-guest cluster answers 3 MB, read on every alert poll.
    public static func list(fromAnswer body: Data) throws -> [ClusterResource] {
        try FlatJSON.dataObjects(ClusterResource.self, from: body)
    }
}

extension ClusterResource: FlatJSONObject {
    init() {
        id = ""
        type = .unknown("")
        tags = []
        template = false
        shared = false
    }

    /// The keys read; the others (`netin`, `diskread`…) are skipped unread.
    private enum Field: Int, CaseIterable {
        case id, type, node, status, name, vmid, cpu, maxcpu, mem, maxmem, disk, maxdisk, uptime, tags, pool, template, storage,
             plugintype, content, shared, hastate, lock
    }

    static let fields: FlatJSONFields? = FlatJSONFields(Field.allCases.map { "\($0)" })

    mutating func set(field: Int, _ value: JSONScalar) {
        switch Field(rawValue: field) {
        case .id: id = value.string ?? ""
        case .type: type = ResourceKind(rawValue: value.string ?? "")
        case .node: node = value.string
        case .status: status = value.string
        case .name: name = value.string
        case .vmid: vmid = value.int64.map { Int(truncatingIfNeeded: $0) }
        case .cpu: cpu = value.double
        case .maxcpu: maxcpu = value.double
        case .mem: mem = value.int64
        case .maxmem: maxmem = value.int64
        case .disk: disk = value.int64
        case .maxdisk: maxdisk = value.int64
        case .uptime: uptime = value.int64
        case .tags: tags = parseTags(value.string)
        case .pool: pool = value.string
        case .template: template = value.bool ?? false
        case .storage: storage = value.string
        case .plugintype: plugintype = value.string
        case .content: content = value.string
        case .shared: shared = value.bool ?? false
        case .hastate: hastate = value.string
        case .lock: lock = value.string
        case nil: break
        }
    }

    @inline(__always)
    mutating func set(field: Int, string: String) {
        switch Field(rawValue: field) {
        case .id: id = string
        case .type: type = ResourceKind(rawValue: string)
        case .node: node = string
        case .status: status = string
        case .name: name = string
        case .tags: tags = parseTags(string)
        case .pool: pool = string
        case .storage: storage = string
        case .plugintype: plugintype = string
        case .content: content = string
        case .hastate: hastate = string
        case .lock: lock = string
        default: set(field: field, .string(string))
        }
    }

    @inline(__always)
    mutating func set(field: Int, integer: Int64) {
        switch Field(rawValue: field) {
        case .vmid: vmid = Int(truncatingIfNeeded: integer)
        case .cpu: cpu = Double(integer)
        case .maxcpu: maxcpu = Double(integer)
        case .mem: mem = integer
        case .maxmem: maxmem = integer
        case .disk: disk = integer
        case .maxdisk: maxdisk = integer
        case .uptime: uptime = integer
        case .template: template = integer != 0
        case .shared: shared = integer != 0
        default: set(field: field, .int(integer))
        }
    }

    @inline(__always)
    mutating func set(field: Int, number: Double) {
        switch Field(rawValue: field) {
        case .cpu: cpu = number
        case .maxcpu: maxcpu = number
        default: set(field: field, .double(number))
        }
    }

    func validate() throws {
        guard !id.isEmpty else {
            throw DecodingError.keyNotFound(AnyKey("id"), .init(codingPath: [], debugDescription: "missing 'id'"))
        }
    }
}
