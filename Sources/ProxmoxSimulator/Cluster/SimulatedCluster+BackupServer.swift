import Foundation

/*
 The simulated Proxmox Backup Server behind the cluster's `pbs-store` storage: one datastore,
 `store1`, whose VM and container snapshots are the backups PVE lists on `pbs-store` (the same
 backup-type, backup-id and backup-time), plus what PVE does not see: a monthly snapshot of the first
 guest synced from elsewhere, the snapshots a test adds the same way (`addSyncedSnapshot`), and host
 backups of the nodes.
 */
extension SimulatedCluster {
    static let backupServerStore = "store1"
    static let backupServerStorage = "pbs-store"

    /// Checks `Authorization: PBSAPIToken=USER@REALM!TOKENID:SECRET` (a colon, not PVE's `=`).
    func authenticateBackupServer(authorization: String?) throws(SimulatorAPIError) {
        let prefix = "PBSAPIToken="
        guard let authorization, authorization.hasPrefix(prefix) else { throw .authenticationFailure }
        let credentials = authorization.dropFirst(prefix.count)
        guard let separator = credentials.lastIndex(of: ":") else { throw .authenticationFailure }
        guard String(credentials[..<separator]) == options.tokenID,
              String(credentials[credentials.index(after: separator)...]) == options.tokenSecret else { throw .authenticationFailure }
    }

    /// `GET /admin/datastore`.
    func backupServerDatastores() -> JSONValue {
        .array([.object([("store", .string(Self.backupServerStore)), ("comment", .string("Backups of \(options.clusterName)")),
                         ("backend-type", "filesystem"), ("mount-status", "nonremovable")])])
    }

    /// `GET /status/datastore-usage`.
    func backupServerUsage() -> JSONValue {
        let definition = StorageDefinition.standard.first { $0.name == Self.backupServerStorage }!
        let used = Int(Double(definition.total) * definition.usedFraction)
        return .array([.object([
            ("store", .string(Self.backupServerStore)), ("total", .int(definition.total)), ("used", .int(used)),
            ("avail", .int(definition.total - used)), ("backend-type", "filesystem"), ("mount-status", "nonremovable"),
            ("estimated-full-date", .int(Int(now()) + 190 * 86_400)),
        ])])
    }

    /// `GET /admin/datastore/{store}/snapshots[?backup-type=&backup-id=]`.
    func backupServerSnapshots(store: String, query: [String: String]) throws(SimulatorAPIError) -> JSONValue {
        settle()
        guard store == Self.backupServerStore else {
            throw SimulatorAPIError(status: 404, message: "datastore '\(store)' does not exist")
        }
        // PVE's view of the datastore (of one guest's backups when the query names one) is what it holds.
        var contentQuery = ["content": "backup"]
        if let id = query["backup-id"] { contentQuery["vmid"] = id }
        guard case .array(let volumes) = try storageContent(node: nodes[0].name, storage: Self.backupServerStorage, query: contentQuery,
                                                            includingDense: false) else {
            return .array([])
        }
        var snapshots = volumes.compactMap { backupServerSnapshot(of: $0, query: query) }
        let storage = StorageDefinition.standard.first { $0.name == Self.backupServerStorage }!
        for backup in denseBackups(storage: storage, node: 0) where query["backup-id"].map({ $0 == String(backup.vmid) }) ?? true {
            if query["backup-type"] == nil, volumeEdits[backup.volid] == nil, let encoded = backup.encodedSnapshot {
                snapshots.append(encoded)
            } else if let snapshot = backupServerSnapshot(of: applyingEdits(to: backup.entry), query: query) {
                snapshots.append(snapshot)
            }
        }
        let day = (createdAt / 86_400).rounded(.down) * 86_400
        var others: [JSONValue] = []
        // A monthly snapshot synced from another PBS: on the datastore, not in PVE's view of it.
        if let first = guests.first(where: { !$0.isTemplate }) {
            let files: JSONValue = .array([.object([("filename", "index.json.blob"), ("crypt-mode", "none")])])
            let verification: JSONValue = .object([("state", "ok"), ("upid", "UPID:pbs:00000A1B:00001C2D:00000002:6745A1B0:verificationjob::root@pam:")])
            let members: [(String, JSONValue)] = [
                ("backup-type", .string(first.kind == .qemu ? "vm" : "ct")), ("backup-id", .string(String(first.vmid))),
                ("backup-time", .int(Int(day) - 30 * 86_400 + 7_200)), ("size", .int(first.maxDisk / 6)), ("protected", true),
                ("owner", "sync@pbs"), ("comment", "monthly, synced from offsite"), ("files", files), ("verification", verification),
            ]
            others.append(.object(members))
        }
        for synced in syncedSnapshots {
            let type = guestIndex[synced.vmid].map { guests[$0].kind == .lxc ? "ct" : "vm" } ?? "vm"
            let files: JSONValue = .array([.object([("filename", "index.json.blob"), ("crypt-mode", "none")])])
            others.append(.object([
                ("backup-type", .string(type)), ("backup-id", .string(String(synced.vmid))), ("backup-time", .int(Int(synced.time))),
                ("size", .int(gib)), ("protected", false), ("owner", "sync@pbs"), ("comment", "synced from offsite"), ("files", files),
            ]))
        }
        for node in nodes {
            let files: JSONValue = .array([.object([("filename", "etc.pxar.didx"), ("crypt-mode", "none")])])
            let members: [(String, JSONValue)] = [
                ("backup-type", "host"), ("backup-id", .string(node.name)), ("backup-time", .int(Int(day) - 86_400 + 4 * 3_600)),
                ("size", .int(2 * gib)), ("protected", false), ("owner", "root@pam"), ("comment", .string("/etc of \(node.name)")),
                ("files", files),
            ]
            others.append(.object(members))
        }
        return .array(snapshots + others.filter { snapshot in
            guard case .object(let members) = snapshot else { return false }
            func text(_ key: String) -> String? { if case .string(let value)? = members.first(where: { $0.0 == key })?.1 { value } else { nil } }
            if let type = query["backup-type"], text("backup-type") != type { return false }
            if let id = query["backup-id"], text("backup-id") != id { return false }
            return true
        })
    }

    /// The snapshot PBS lists for a backup volume PVE lists on its `pbs` storage; nil for another
    /// volume or one the query (`backup-type`, `backup-id`) leaves out.
    func backupServerSnapshot(of volume: JSONValue, query: [String: String]) -> JSONValue? {
        guard case .object(let members) = volume else { return nil }
        func member(_ key: String) -> JSONValue? { members.first { $0.0 == key }?.1 }
        guard case .int(let vmid)? = member("vmid"), case .int(let time)? = member("ctime") else { return nil }
        guard case .string(let format)? = member("format"), format.hasPrefix("pbs-") else { return nil }
        let type = String(format.dropFirst(4))
        if let wanted = query["backup-type"], wanted != type { return nil }
        if let wanted = query["backup-id"], wanted != String(vmid) { return nil }
        var isProtected = false
        if case .int(1)? = member("protected") { isProtected = true }
        let files: JSONValue = .array([.object([("filename", .string(type == "vm" ? "drive-scsi0.img.fidx" : "root.pxar.didx")), ("crypt-mode", "none")])])
        var snapshot: [(String, JSONValue)] = [
            ("backup-type", .string(type)), ("backup-id", .string(String(vmid))), ("backup-time", .int(time)),
            ("size", member("size") ?? .int(0)), ("protected", .bool(isProtected)), ("owner", "root@pam!nexboard"),
            ("comment", member("notes") ?? .string("")), ("files", files),
        ]
        if let verification = member("verification") { snapshot.append(("verification", verification)) }
        return .object(snapshot)
    }

    /// `GET /admin/datastore/{store}/gc`: the last garbage collection.
    func backupServerGarbageCollection(store: String) throws(SimulatorAPIError) -> JSONValue {
        guard store == Self.backupServerStore else {
            throw SimulatorAPIError(status: 404, message: "datastore '\(store)' does not exist")
        }
        let day = (createdAt / 86_400).rounded(.down) * 86_400
        return .object([
            ("store", .string(store)), ("last-run-state", "ok"), ("last-run-endtime", .int(Int(day) - 86_400 + 5 * 3_600 + 840)),
            ("duration", 840), ("next-run", .int(Int(day) + 5 * 3_600 + (Int(now()) > Int(day) + 5 * 3_600 ? 86_400 : 0))),
            ("disk-bytes", .int(700 * gib)), ("disk-chunks", 180_000), ("index-data-bytes", .int(3_100 * gib)), ("index-file-count", 420),
            ("pending-bytes", .int(3 * gib)), ("pending-chunks", 800), ("removed-bytes", .int(12 * gib)), ("removed-chunks", 3_100),
            ("removed-bad", 0), ("still-bad", 0),
        ])
    }

    /// `GET /admin/verify` and `GET /admin/prune`: one job each, with its last result.
    func backupServerJobs(kind: String) -> JSONValue {
        let day = (createdAt / 86_400).rounded(.down) * 86_400
        let verify = kind == "verify"
        return .array([.object([
            ("id", .string("\(kind)-\(Self.backupServerStore)-daily")), ("store", .string(Self.backupServerStore)),
            ("schedule", .string(verify ? "daily" : "03:30")), ("comment", .string(verify ? "Verify new snapshots" : "Keep 7 daily, 4 weekly")),
            ("last-run-state", "ok"), ("last-run-endtime", .int(Int(day) - 86_400 + (verify ? 6 : 4) * 3_600)),
            ("next-run", .int(Int(day) + 86_400 + (verify ? 0 : 3 * 3_600 + 1_800))),
        ] + (verify ? [("ignore-verified", true), ("outdated-after", 30)] : [("keep-daily", 7), ("keep-weekly", 4)]))])
    }
}
