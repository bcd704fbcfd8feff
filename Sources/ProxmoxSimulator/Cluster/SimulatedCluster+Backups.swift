import Foundation

/*
 Backups: `POST /nodes/{node}/vzdump` starts a task that writes progress lines while it runs and a
 backup volume when it ends; `PUT …/content/{volume}` edits notes and protection; `/cluster/backup`
 lists two scheduled jobs. Restores, clones and creations are in SimulatedCluster+Deploy.swift.
 */
extension SimulatedCluster {
    // MARK: - Test knobs

    /// Makes every write to a storage fail with "No space left on device" (or succeed again).
    public func setStorageFull(_ storage: String, _ full: Bool = true) {
        if full { fullStorages.insert(storage) } else { fullStorages.remove(storage) }
    }

    /// Gives every guest `count` backups spread over the backup storages (and the Backup Server), as a
    /// benchmark's large cluster has; 0 goes back to the demo's handful.
    public func setBackupsPerGuest(_ count: Int) {
        backupsPerGuest = max(0, count)
        denseBackupCache = [:]
    }

    /// Adds a snapshot of a guest to the Backup Server's datastore as a sync from another Backup Server
    /// or cluster would: PBS lists it, PVE's `pbs-store` does not, and no task of this cluster made it.
    public func addSyncedSnapshot(vmid: Int, at time: Date) {
        syncedSnapshots.append((vmid, time.timeIntervalSince1970.rounded(.down)))
    }

    /// The volids of every backup written by a vzdump task, oldest first.
    public func createdBackupVolids() -> [String] {
        settle()
        return createdBackups.map(\.volid)
    }

    // MARK: - vzdump

    static let compressionSuffixes: [String: String] = ["0": "", "1": ".lzo", "lzo": ".lzo", "gzip": ".gz", "zstd": ".zst"]

    /// `POST /nodes/{node}/vzdump` for one guest (`vmid`); returns the task's UPID.
    func startBackup(node name: String, parameters: [String: String], user: String) throws(SimulatorAPIError) -> String {
        settle()
        let node = try onlineNodeIndex(name)
        guard let vmidText = parameters["vmid"] else {
            throw .parameter("vmid", "property is missing and it is not optional")
        }
        guard let vmid = Int(vmidText) else { throw .parameter("vmid", "value does not look like a valid VM ID") }
        let storage = parameters["storage"] ?? "local"
        guard let definition = StorageDefinition.standard.first(where: { $0.name == storage }) else {
            throw SimulatorAPIError(status: 500, message: "storage '\(storage)' does not exist")
        }
        guard definition.content.split(separator: ",").contains("backup") else {
            throw SimulatorAPIError(status: 500, message: "storage '\(storage)' does not support backups")
        }
        let mode = parameters["mode"] ?? "snapshot"
        guard ["snapshot", "suspend", "stop"].contains(mode) else {
            throw .parameter("mode", "value '\(mode)' does not have a value in the enumeration 'snapshot, suspend, stop'")
        }
        let compress = parameters["compress"] ?? "0"
        guard Self.compressionSuffixes[compress] != nil else {
            throw .parameter("compress", "value '\(compress)' does not have a value in the enumeration '0, 1, gzip, lzo, zstd'")
        }
        guard let position = guestIndex[vmid], guests[position].node == node else {
            throw SimulatorAPIError(status: 500, message: "Unable to find VMID '\(vmid)' on node '\(name)'")
        }
        let guest = guests[position]
        if runningTaskIndices.contains(where: { tasks[$0].vmid == vmid && tasks[$0].action == "vzdump" }) {
            throw SimulatorAPIError(status: 500, message: "VM \(vmid) is locked (backup)")
        }
        let time = now()
        let duration = options.taskDuration.seconds * 2
        let upid = makeUPID(node: node, type: "vzdump", id: String(vmid), user: user, time: time)
        let kindText = guest.kind == .qemu ? "qemu" : "lxc"
        var log = [
            "INFO: starting new backup job: vzdump \(vmid) --storage \(storage) --mode \(mode) --compress \(compress) --node \(name)",
            "INFO: Starting Backup of VM \(vmid) (\(kindText))",
            "INFO: Backup started at \(Self.logTimestamp(time))",
            "INFO: status = \(guest.statusText)",
            "INFO: backup mode: \(guest.isTemplate ? "stop" : mode)",
        ]
        log.append(guest.kind == .qemu ? "INFO: started backup task '\(Self.uuid(for: vmid &* 7 ^ Int(time), seed: options.seed))'"
                                       : "INFO: creating vzdump archive")
        // As vzdump logs it: the share of the disk read so far, and the seconds since the start.
        let pending = [25, 50, 75, 100].enumerated().map { step, percent in
            let elapsed = duration * Double(step + 1) / 5
            return (time: time + elapsed,
                    line: "INFO: \(percent)% (\(Self.gibText(guest.maxDisk * percent / 100)) of \(Self.gibText(guest.maxDisk))) "
                        + "in \(Int(elapsed.rounded(.up)))s, read: 1.2 GiB/s, write: 610.4 MiB/s")
        }
        var task = SimulatedTask(upid: upid, upidText: upid.description, node: node, vmid: vmid, kind: guest.kind,
                                 action: "vzdump", start: time, end: time + duration, outcome: .running, log: log,
                                 forcedError: pendingTaskFailures.removeValue(forKey: vmid))
        task.parameters = ["storage": storage, "compress": compress, "protected": parameters["protected"] ?? "0",
                           "notes-template": parameters["notes-template"] ?? "{{guestname}}"]
        task.pendingLog = pending
        append(task)
        runningTaskIndices.append(tasks.count - 1)
        appendLog(node: name, pid: upid.pid, user: user, tag: "pvedaemon", priority: 6,
                  message: "<\(user)> starting task \(upid.description)", time: time)
        return upid.description
    }

    /// Writes the backup volume of a finished vzdump task; the error (and its log lines) when the storage is full.
    func finishBackup(_ task: inout SimulatedTask) -> String? {
        guard let vmid = task.vmid, let kind = task.kind, let storage = task.parameters["storage"],
              let definition = StorageDefinition.standard.first(where: { $0.name == storage })
        else { return "backup target vanished" }
        if fullStorages.contains(storage) {
            task.log += ["ERROR: Backup of VM \(vmid) failed - vma_queue_write: write error - No space left on device",
                         "INFO: Backup job finished with errors"]
            return "job errors"
        }
        let guest = guestIndex[vmid].map { guests[$0] }
        let notes = (task.parameters["notes-template"] ?? "")
            .replacingOccurrences(of: "{{guestname}}", with: guest?.name ?? String(vmid))
            .replacingOccurrences(of: "{{vmid}}", with: String(vmid))
            .replacingOccurrences(of: "{{node}}", with: nodes[task.node].name)
            .replacingOccurrences(of: "{{cluster}}", with: options.clusterName)
        let volid: String
        let format: String
        if definition.type == "pbs" {
            let kindText = kind == .qemu ? "vm" : "ct"
            volid = "\(storage):backup/\(kindText)/\(vmid)/\(Self.backupStamp(task.start, separator: "-", timeSeparator: ":"))Z"
            format = "pbs-\(kindText)"
        } else {
            let suffix = Self.compressionSuffixes[task.parameters["compress"] ?? "0"] ?? ""
            let stamp = Self.backupStamp(task.start, separator: "_", timeSeparator: "_")
            let archive = kind == .qemu ? "vma" : "tar"
            volid = "\(storage):backup/vzdump-\(kind == .qemu ? "qemu" : "lxc")-\(vmid)-\(stamp).\(archive)\(suffix)"
            format = archive + suffix
        }
        task.log += ["INFO: creating archive '\(volid)'", "INFO: Finished Backup of VM \(vmid) (00:00:02)",
                     "INFO: Backup finished at \(Self.logTimestamp(task.end))", "INFO: Backup job finished successfully"]
        createdBackups.append(SimulatedBackup(
            volid: volid, storage: storage, node: definition.shared ? nil : task.node, vmid: vmid, kind: kind, format: format,
            size: (guest?.maxDisk ?? gib) / 8, ctime: task.start, notes: notes, protected: task.parameters["protected"] == "1"))
        return nil
    }

    func backupJSON(_ backup: SimulatedBackup) -> JSONValue {
        .object([
            ("volid", .string(backup.volid)), ("content", "backup"), ("format", .string(backup.format)),
            ("subtype", .string(backup.kind == .qemu ? "qemu" : "lxc")), ("size", .int(backup.size)),
            ("ctime", .int(Int(backup.ctime))), ("vmid", .int(backup.vmid)), ("notes", .string(backup.notes)),
            ("protected", .flag(backup.protected)),
        ])
    }

    /// A content entry with the notes and protection set through the API.
    func applyingEdits(to entry: JSONValue) -> JSONValue {
        guard !volumeEdits.isEmpty, case .object(var members) = entry,
              case .string(let volid)? = members.first(where: { $0.0 == "volid" })?.1, let edit = volumeEdits[volid]
        else { return entry }
        func set(_ key: String, _ value: JSONValue) {
            if let index = members.firstIndex(where: { $0.0 == key }) { members[index].1 = value } else { members.append((key, value)) }
        }
        if let notes = edit.notes { set("notes", .string(notes)) }
        if let protected = edit.protected { set("protected", .flag(protected)) }
        return .object(members)
    }

    /// The volids of a storage's content of one type, as that node sees it.
    func volids(node name: String, storage: String, content: String) throws(SimulatorAPIError) -> [String] {
        guard case .array(let entries) = try storageContent(node: name, storage: storage, query: ["content": content], includingDense: false)
        else { return [] }
        let volids = entries.compactMap { entry -> String? in
            guard case .object(let members) = entry, case .string(let volid)? = members.first(where: { $0.0 == "volid" })?.1 else { return nil }
            return volid
        }
        guard content == "backup", let definition = StorageDefinition.standard.first(where: { $0.name == storage }) else { return volids }
        return volids + denseBackups(storage: definition, node: try onlineNodeIndex(name)).map(\.volid)
    }

    /// `PUT /nodes/{node}/storage/{storage}/content/{volume}` with `notes` and/or `protected`.
    func updateVolume(node name: String, storage: String, volume: String, parameters: [String: String]) throws(SimulatorAPIError) {
        settle()
        let volid = volume.contains(":") ? volume : "\(storage):\(volume)"
        guard try volids(node: name, storage: storage, content: "backup").contains(volid) else {
            throw SimulatorAPIError(status: 500, message: "volume '\(volid)' does not exist")
        }
        var edit = volumeEdits[volid] ?? VolumeEdit()
        if let notes = parameters["notes"] { edit.notes = notes }
        if let protected = parameters["protected"] { edit.protected = protected == "1" || protected == "true" }
        volumeEdits[volid] = edit
    }

    // MARK: - Jobs

    /// `GET /cluster/backup`: the scheduled backup jobs with their next run.
    func backupJobs() -> JSONValue {
        let time = now()
        let day = (time / 86_400).rounded(.down) * 86_400
        let nightly = day + 2 * 3_600 > time ? day + 2 * 3_600 : day + 86_400 + 2 * 3_600
        // 1970-01-01 was a Thursday: day number + 4 modulo 7 is the weekday, Sunday 0.
        let weekday = (Int(day / 86_400) + 4) % 7
        var sunday = day + Double((7 - weekday) % 7) * 86_400 + 3 * 3_600
        if sunday <= time { sunday += 7 * 86_400 }
        let locals = guests.prefix(8).filter { !$0.isTemplate }.map { String($0.vmid) }.joined(separator: ",")
        return .array([
            .object([
                ("id", "backup-3f9c2a1e-7d21"), ("type", "vzdump"), ("schedule", "02:00"), ("enabled", 1), ("all", 1),
                ("storage", "pbs-store"), ("mode", "snapshot"), ("compress", "zstd"), ("notes-template", "{{guestname}}"),
                ("comment", "Nightly to PBS"), ("next-run", .int(Int(nightly))), ("prune-backups", "keep-daily=7,keep-weekly=4"),
            ]),
            .object([
                ("id", "backup-8b04d6c3-51f0"), ("type", "vzdump"), ("schedule", "sun 03:00"), ("enabled", 1),
                ("vmid", .string(locals)), ("storage", "local"), ("mode", "snapshot"), ("compress", "zstd"),
                ("notes-template", "{{guestname}} weekly"), ("comment", "Weekly local copy"), ("next-run", .int(Int(sunday))),
            ]),
        ])
    }

    private static func gibText(_ bytes: Int) -> String {
        String(format: "%.1f GiB", Double(bytes) / Double(gib))
    }
}

extension Duration {
    /// The duration in seconds, as a Double.
    var seconds: Double {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }
}
