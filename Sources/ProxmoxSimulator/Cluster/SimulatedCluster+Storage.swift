import Foundation

/// Storage endpoints: per-node storage status and storage content (ISOs, templates, backups, disks).
extension SimulatedCluster {
    /// `GET /nodes/{node}/storage[?content=...&storage=...]`.
    func nodeStorages(node name: String, query: [String: String]) throws(SimulatorAPIError) -> JSONValue {
        _ = try onlineNodeIndex(name)
        let wantedContent = query["content"]?.split(separator: ",").map(String.init)
        return .array(StorageDefinition.standard.filter { storage in
            if let only = query["storage"], only != storage.name { return false }
            if let wantedContent {
                let offered = storage.content.split(separator: ",").map(String.init)
                return wantedContent.contains { offered.contains($0) }
            }
            return true
        }.map { storage in
            let used = Int(Double(storage.total) * storage.usedFraction)
            return .object([
                ("storage", .string(storage.name)), ("type", .string(storage.type)), ("content", .string(storage.content)),
                ("active", 1), ("enabled", 1), ("shared", .flag(storage.shared)), ("total", .int(storage.total)),
                ("used", .int(used)), ("avail", .int(storage.total - used)), ("used_fraction", .double(storage.usedFraction)),
            ])
        })
    }

    /// `GET /nodes/{node}/storage/{storage}/content[?content=...&vmid=...]`; without the benchmark's
    /// backups when `includingDense` is false (the Backup Server's view adds them from their cache).
    func storageContent(node name: String, storage: String, query: [String: String],
                        includingDense: Bool = true) throws(SimulatorAPIError) -> JSONValue {
        let node = try onlineNodeIndex(name)
        guard let definition = StorageDefinition.standard.first(where: { $0.name == storage }) else {
            throw SimulatorAPIError(status: 500, message: "storage '\(storage)' does not exist")
        }
        let wantedContent = query["content"]?.split(separator: ",").map(String.init)
        let wantedVMID = query["vmid"].flatMap { Int($0) }
        var entries: [(content: String, vmid: Int?, json: JSONValue)] = []
        let day = (createdAt / 86_400).rounded(.down) * 86_400
        // Generated guests whose backups this node's view of the storage shows (not those created since).
        let relevant = guests.prefix(min(500, options.guests)).filter { !$0.isTemplate && (definition.shared || $0.node == node) }.prefix(60)

        switch definition.name {
        case "local", "nfs-share":
            let isos = [("debian-12.8.0-amd64-netinst.iso", 659_554_304), ("ubuntu-24.04.1-live-server-amd64.iso", 2_773_874_688),
                        ("proxmox-ve_9.1-1.iso", 1_576_812_544)]
            for (file, size) in isos {
                entries.append(("iso", nil, .object([
                    ("volid", .string("\(storage):iso/\(file)")), ("content", "iso"), ("format", "iso"),
                    ("size", .int(size)), ("ctime", .int(Int(day) - 40 * 86_400)),
                ])))
            }
            if definition.name == "local" {
                let templates = [("debian-12-standard_12.7-1_amd64.tar.zst", 126_117_428), ("ubuntu-24.04-standard_24.04-2_amd64.tar.zst", 141_452_672),
                                 ("alpine-3.20-default_20240908_amd64.tar.xz", 3_108_236)]
                for (file, size) in templates {
                    entries.append(("vztmpl", nil, .object([
                        ("volid", .string("\(storage):vztmpl/\(file)")), ("content", "vztmpl"),
                        ("format", .string(file.hasSuffix(".xz") ? "txz" : "tzst")), ("size", .int(size)),
                        ("ctime", .int(Int(day) - 30 * 86_400)),
                    ])))
                }
            }
            for guest in relevant.prefix(8) {
                for daysAgo in 1...2 {
                    let time = day - Double(daysAgo) * 86_400 + 7_200 + 3
                    let stamp = Self.backupStamp(time, separator: "_", timeSeparator: "_")
                    let kindText = guest.kind == .qemu ? "qemu" : "lxc"
                    let file = guest.kind == .qemu ? "vzdump-qemu-\(guest.vmid)-\(stamp).vma.zst" : "vzdump-lxc-\(guest.vmid)-\(stamp).tar.zst"
                    entries.append(("backup", guest.vmid, .object([
                        ("volid", .string("\(storage):backup/\(file)")), ("content", "backup"),
                        ("format", .string(guest.kind == .qemu ? "vma.zst" : "tar.zst")), ("subtype", .string(kindText)),
                        ("size", .int(guest.maxDisk / 8)), ("ctime", .int(Int(time))), ("vmid", .int(guest.vmid)),
                        ("notes", .string(guest.name)),
                    ])))
                }
            }
        case "pbs-store":
            for guest in relevant {
                for daysAgo in 1...3 {
                    let time = day - Double(daysAgo) * 86_400 + 7_200
                    let kindText = guest.kind == .qemu ? "vm" : "ct"
                    entries.append(("backup", guest.vmid, .object([
                        ("volid", .string("\(storage):backup/\(kindText)/\(guest.vmid)/\(Self.backupStamp(time, separator: "-", timeSeparator: ":"))Z")),
                        ("content", "backup"), ("format", .string("pbs-\(kindText)")), ("subtype", .string(guest.kind == .qemu ? "qemu" : "lxc")),
                        ("size", .int(guest.maxDisk / 6)), ("ctime", .int(Int(time))), ("vmid", .int(guest.vmid)),
                        ("notes", .string(guest.name)), ("protected", .flag(daysAgo == 3 && guest.vmid % 5 == 0)),
                        ("verification", .object([("state", "ok"), ("upid", "UPID:pbs:000004D2:0000162E:00000001:6745A1B0:verificationjob:pbs\\x3aprune:root@pam:")])),
                    ])))
                }
            }
        case "local-lvm":
            for guest in guests where guest.node == node {
                entries.append(("images", guest.vmid, .object([
                    ("volid", .string("\(storage):vm-\(guest.vmid)-disk-0")), ("content", .string(guest.kind == .qemu ? "images" : "rootdir")),
                    ("format", "raw"), ("size", .int(guest.maxDisk)), ("used", .int(Int(Double(guest.maxDisk) * guest.diskFraction))),
                    ("vmid", .int(guest.vmid)), ("ctime", .int(Int(day) - 60 * 86_400)),
                ])))
                if entries.count >= 2_000 { break }
            }
        default:
            break
        }
        if includingDense {
            // Written once; an edited one is written again with its edit.
            entries += denseBackups(storage: definition, node: node).map { ("backup", $0.vmid, volumeEdits[$0.volid] == nil ? $0.encodedEntry : $0.entry) }
        }
        for backup in createdBackups where backup.storage == storage && (backup.node == nil || backup.node == node) {
            entries.append(("backup", backup.vmid, backupJSON(backup)))
        }
        for template in downloadedTemplates where template.storage == storage && template.node == node {
            entries.append(("vztmpl", nil, .object([
                ("volid", .string("\(storage):vztmpl/\(template.file)")), ("content", "vztmpl"),
                ("format", .string(template.file.hasSuffix(".xz") ? "txz" : "tzst")), ("size", .int(template.size)),
                ("ctime", .int(Int(template.ctime))),
            ])))
        }
        return .array(entries.filter { entry in
            if let wantedContent, !wantedContent.contains(where: { $0 == entry.content || (entry.content == "images" && $0 == "rootdir") }) {
                return false
            }
            if let wantedVMID, entry.vmid != wantedVMID { return false }
            return true
        }.map { applyingEdits(to: $0.json) })
    }

    /// "2026_11_20-02_00_03" (vzdump file names) or "2026-11-20T02:00:00" (PBS snapshots), in UTC.
    /// Computed by hand: a benchmark cluster names 50,000 backups.
    static func backupStamp(_ epoch: Double, separator: String, timeSeparator: String) -> String {
        let seconds = Int(epoch.rounded(.down))
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let time = seconds - days * 86_400
        // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
        let shifted = days + 719_468
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        func two(_ value: Int) -> String { value < 10 ? "0\(value)" : String(value) }
        return "\(year)\(separator)\(two(month))\(separator)\(two(day))\(separator == "_" ? "-" : "T")"
            + "\(two(time / 3_600))\(timeSeparator)\(two(time / 60 % 60))\(timeSeparator)\(two(time % 60))"
    }

    /// The benchmark's backups on one storage as one node sees it (none unless `setBackupsPerGuest`):
    /// guest i's backups go, one a day back from yesterday, to pbs-store, pbs-store, nfs-share, local and local.
    func denseBackups(storage: StorageDefinition, node: Int) -> [DenseBackup] {
        guard backupsPerGuest > 0, storage.content.contains("backup") else { return [] }
        let key = "\(storage.name)@\(storage.shared ? -1 : node)"
        if let cached = denseBackupCache[key] { return cached }
        let pattern = ["pbs-store", "pbs-store", "nfs-share", "local", "local"]
        let day = (createdAt / 86_400).rounded(.down) * 86_400
        var entries: [DenseBackup] = []
        for guest in guests where !guest.isTemplate && (storage.shared || guest.node == node) {
            for index in 0..<backupsPerGuest where pattern[index % pattern.count] == storage.name {
                let time = day - Double(index + 1) * 86_400 + 7_200 + Double(guest.vmid % 3_600)
                let qemu = guest.kind == .qemu
                let volid = storage.type == "pbs"
                    ? "\(storage.name):backup/\(qemu ? "vm" : "ct")/\(guest.vmid)/\(Self.backupStamp(time, separator: "-", timeSeparator: ":"))Z"
                    : "\(storage.name):backup/vzdump-\(qemu ? "qemu" : "lxc")-\(guest.vmid)-\(Self.backupStamp(time, separator: "_", timeSeparator: "_")).\(qemu ? "vma" : "tar").zst"
                var members: [(String, JSONValue)] = [
                    ("volid", .string(volid)), ("content", "backup"),
                    ("format", .string(storage.type == "pbs" ? "pbs-\(qemu ? "vm" : "ct")" : (qemu ? "vma.zst" : "tar.zst"))),
                    ("subtype", .string(qemu ? "qemu" : "lxc")), ("size", .int(guest.maxDisk / 8)), ("ctime", .int(Int(time))),
                    ("vmid", .int(guest.vmid)), ("notes", .string(guest.name)),
                ]
                if storage.type == "pbs" { members.append(("verification", .object([("state", "ok")]))) }
                let entry = JSONValue.object(members)
                entries.append(DenseBackup(vmid: guest.vmid, volid: volid, entry: entry, encodedEntry: entry.encoded,
                                           encodedSnapshot: storage.type == "pbs" ? backupServerSnapshot(of: entry, query: [:])?.encoded : nil))
            }
        }
        denseBackupCache[key] = entries
        return entries
    }
}
