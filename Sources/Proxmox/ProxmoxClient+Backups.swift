import Foundation

/// What `POST /nodes/{node}/vzdump` backs up, where and how.
public struct BackupOptions: Sendable {
    public enum Mode: String, Sendable, CaseIterable {
        case snapshot, suspend, stop
    }

    public var vmid: Int
    public var storage: String?
    public var mode: Mode
    /// `0`, `1`, `gzip`, `lzo` or `zstd`; nil for the storage's default. Ignored by PBS storages.
    public var compress: String?
    /// The backup's notes, with `{{guestname}}`, `{{vmid}}`, `{{node}}` and `{{cluster}}` filled in by PVE.
    public var notesTemplate: String?
    public var protected: Bool

    public init(vmid: Int, storage: String? = nil, mode: Mode = .snapshot, compress: String? = nil,
                notesTemplate: String? = nil, protected: Bool = false) {
        self.vmid = vmid
        self.storage = storage
        self.mode = mode
        self.compress = compress
        self.notesTemplate = notesTemplate
        self.protected = protected
    }

    var form: [(String, String)] {
        var form = [("vmid", String(vmid)), ("mode", mode.rawValue)]
        if let storage { form.append(("storage", storage)) }
        if let compress { form.append(("compress", compress)) }
        if let notesTemplate { form.append(("notes-template", notesTemplate)) }
        if protected { form.append(("protected", "1")) }
        return form
    }
}

/// What a restore creates: a VM through `POST /nodes/{node}/qemu` with `archive`, a container
/// through `POST /nodes/{node}/lxc` with `ostemplate` = the backup and `restore=1`.
public struct RestoreOptions: Sendable {
    public var kind: GuestKind
    public var vmid: Int
    /// The backup volume, e.g. `local:backup/vzdump-qemu-101-2026_11_30-02_00_03.vma.zst`.
    public var archive: String
    /// Where the disks go; nil for the storages the backup names.
    public var storage: String?
    /// New MAC addresses (and, for VMs, a new SMBIOS UUID): for a copy beside the original.
    public var unique: Bool
    /// Overwrite the existing guest with that VMID.
    public var overwrite: Bool
    public var start: Bool

    public init(kind: GuestKind, vmid: Int, archive: String, storage: String? = nil, unique: Bool = false,
                overwrite: Bool = false, start: Bool = false) {
        self.kind = kind
        self.vmid = vmid
        self.archive = archive
        self.storage = storage
        self.unique = unique
        self.overwrite = overwrite
        self.start = start
    }

    var form: [(String, String)] {
        var form = [("vmid", String(vmid))]
        form += kind == .qemu ? [("archive", archive)] : [("ostemplate", archive), ("restore", "1")]
        if let storage { form.append(("storage", storage)) }
        if unique { form.append(("unique", "1")) }
        if overwrite { form.append(("force", "1")) }
        if start { form.append(("start", "1")) }
        return form
    }
}

extension ProxmoxClient {
    /// `POST /nodes/{node}/vzdump` for one guest; returns the task to follow.
    public func startBackup(node: String, options: BackupOptions) async throws -> UPID {
        try await startTask(.vzdump(node: node, parameters: options.form))
    }

    /// `GET /cluster/backup`: the scheduled backup jobs.
    public func backupJobs() async throws -> [BackupJob] {
        try await request(.backupJobs, as: [BackupJob].self)
    }

    /// `PUT /nodes/{node}/storage/{storage}/content/{volume}`: sets a backup's notes and/or protection.
    public func updateBackup(node: String, volid: String, notes: String? = nil, protected: Bool? = nil) async throws {
        let storage = String(volid.prefix { $0 != ":" })
        var form: [(String, String)] = []
        if let notes { form.append(("notes", notes)) }
        if let protected { form.append(("protected", protected ? "1" : "0")) }
        _ = try await send(.updateVolume(node: node, storage: storage, volume: volid, parameters: form))
    }

    /// `GET /cluster/nextid`: the lowest free VMID.
    public func nextVMID() async throws -> Int {
        try await request(.nextID(vmid: nil), as: LenientVMID.self).value
    }

    /// Restores a backup (see `RestoreOptions`); returns the task to follow.
    public func restore(node: String, options: RestoreOptions) async throws -> UPID {
        try await startTask(.createGuest(node: node, kind: options.kind, parameters: options.form))
    }
}

/// PVE answers `/cluster/nextid` with a string; some versions and proxies with a number.
struct LenientVMID: Decodable {
    var value: Int

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let number = try? container.decode(Int.self) {
            value = number
        } else if let number = Int(try container.decode(String.self)) {
            value = number
        } else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "not a VMID")
        }
    }
}
