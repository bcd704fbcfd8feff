import Foundation

/*
 Restores, clones and creations. As PVE does, the new guest's config exists (stopped) as soon as the
 task starts, so `/cluster/nextid` and a second request for the same VMID see it; a task that fails
 removes it again. `start=1` starts the guest when the task ends.
 */
extension SimulatedCluster {
    /// `GET /cluster/nextid[?vmid=N]`: the lowest free VMID from 100, or N when it is free.
    func nextID(query: [String: String]) throws(SimulatorAPIError) -> JSONValue {
        settle()
        if let text = query["vmid"] {
            guard let vmid = Int(text), (100...999_999_999).contains(vmid) else {
                throw .parameter("vmid", "value does not look like a valid VM ID")
            }
            guard guestIndex[vmid] == nil else { throw .parameter("vmid", "VM \(vmid) already exists") }
            return .string(String(vmid))
        }
        var candidate = 100
        while guestIndex[candidate] != nil { candidate += 1 }
        return .string(String(candidate))
    }

    /// `POST /nodes/{node}/qemu` (a restore with `archive`, else a new empty VM) and
    /// `POST /nodes/{node}/lxc` (a restore with `restore=1`, else a container from `ostemplate`).
    func createGuest(node name: String, kind: GuestKind, parameters: [String: String], user: String) throws(SimulatorAPIError) -> String {
        settle()
        let node = try onlineNodeIndex(name)
        guard let vmidText = parameters["vmid"] else { throw .parameter("vmid", "property is missing and it is not optional") }
        guard let vmid = Int(vmidText), (100...999_999_999).contains(vmid) else {
            throw .parameter("vmid", "value does not look like a valid VM ID")
        }
        let archive = kind == .qemu ? parameters["archive"] : (Self.flag(parameters["restore"]) ? parameters["ostemplate"] : nil)
        if let archive {
            return try startRestore(node: node, kind: kind, vmid: vmid, archive: archive, parameters: parameters, user: user)
        }
        if guestIndex[vmid] != nil {
            throw SimulatorAPIError(status: 500, message: "unable to create \(kind == .qemu ? "VM" : "CT") \(vmid) - VM \(vmid) already exists on node '\(nodes[guests[guestIndex[vmid]!].node].name)'")
        }
        let hostname = parameters[kind == .qemu ? "name" : "hostname"] ?? "\(kind == .qemu ? "VM" : "CT")\(vmid)"
        guard Self.isDNSName(hostname) else {
            throw .parameter(kind == .qemu ? "name" : "hostname", "invalid format - value does not look like a valid DNS name")
        }
        var diskGiB = 8
        if kind == .lxc {
            guard let template = parameters["ostemplate"] else { throw .parameter("ostemplate", "property is missing and it is not optional") }
            let storage = String(template.prefix { $0 != ":" })
            guard StorageDefinition.standard.contains(where: { $0.name == storage }),
                  try volids(node: name, storage: storage, content: "vztmpl").contains(template) else {
                throw SimulatorAPIError(status: 500, message: "volume '\(template)' does not exist")
            }
            if let rootfs = parameters["rootfs"] {
                let rootStorage = String(rootfs.prefix { $0 != ":" })
                guard let definition = StorageDefinition.standard.first(where: { $0.name == rootStorage }) else {
                    throw SimulatorAPIError(status: 500, message: "storage '\(rootStorage)' does not exist")
                }
                guard definition.content.split(separator: ",").contains("rootdir") else {
                    throw SimulatorAPIError(status: 500, message: "storage '\(rootStorage)' does not support container directories")
                }
                if fullStorages.contains(rootStorage) {
                    throw SimulatorAPIError(status: 500, message: "unable to create CT \(vmid) - lvcreate 'pve/vm-\(vmid)-disk-0' error: Volume group \"pve\" has insufficient free space")
                }
                diskGiB = Int(rootfs.split(separator: ":").last.map { $0.prefix { $0.isNumber } } ?? "") ?? diskGiB
            }
        }
        var extra: [String: String] = [:]
        for key in ["net0", "ssh-public-keys", "unprivileged", "ostemplate", "ciuser", "ipconfig0"] { extra[key] = parameters[key] }
        addGuest(GuestState(
            vmid: vmid, kind: kind, name: hostname, node: node, power: .stopped, isTemplate: false,
            tags: parameters["tags"].map { $0.split(separator: ";").map(String.init) } ?? [], pool: parameters["pool"], haState: nil,
            cores: Int(parameters["cores"] ?? "") ?? 1, maxMemory: (Int(parameters["memory"] ?? "") ?? 512) * mib,
            maxDisk: diskGiB * gib, maxSwap: kind == .lxc ? (Int(parameters["swap"] ?? "") ?? 512) * mib : 0, diskFraction: 0.1,
            startedAt: now(), description: parameters["description"] ?? "", load: Self.quietLoad,
            macSuffix: UInt32.random(in: 0...0xFF_FFFF, using: &generator), extraConfig: extra))
        return startDeployTask(node: node, type: kind == .qemu ? "qmcreate" : "vzcreate", vmid: vmid, kind: kind, action: "create",
                               parameters: ["start": parameters["start"] ?? "0", "created": "1"], user: user,
                               log: kind == .lxc ? ["extracting archive '\(parameters["ostemplate"] ?? "")'", "Total bytes read: 524288000 (500MiB, 112MiB/s)",
                                                     "Detected container architecture: amd64", "Creating SSH host key 'ssh_host_ed25519_key' - this may take some time ..."]
                                                  : [])
    }

    private func startRestore(node: Int, kind: GuestKind, vmid: Int, archive: String, parameters: [String: String],
                              user: String) throws(SimulatorAPIError) -> String {
        let storage = String(archive.prefix { $0 != ":" })
        guard StorageDefinition.standard.contains(where: { $0.name == storage }),
              try volids(node: nodes[node].name, storage: storage, content: "backup").contains(archive) else {
            throw SimulatorAPIError(status: 500, message: "volume '\(archive)' does not exist")
        }
        let isVMArchive = archive.contains("vzdump-qemu-") || archive.contains(":backup/vm/")
        guard isVMArchive == (kind == .qemu) else {
            throw SimulatorAPIError(status: 500, message: kind == .qemu ? "unable to restore VM \(vmid) - archive '\(archive)' is not a VM backup"
                                                                        : "unable to restore CT \(vmid) - archive '\(archive)' is not a container backup")
        }
        let force = Self.flag(parameters["force"])
        if let existing = guestIndex[vmid] {
            guard force else {
                throw SimulatorAPIError(status: 500, message: "unable to restore \(kind.label) \(vmid) - \(kind.label) \(vmid) already exists on node '\(nodes[guests[existing].node].name)'")
            }
            guard guests[existing].kind == kind, guests[existing].node == node else {
                throw SimulatorAPIError(status: 500, message: "unable to restore \(kind.label) \(vmid) - \(kind.label) \(vmid) already exists on node '\(nodes[guests[existing].node].name)'")
            }
            guard !guests[existing].isUp else {
                throw SimulatorAPIError(status: 500, message: "unable to restore \(kind.label) \(vmid) - \(kind.label) is running")
            }
        }
        if let target = parameters["storage"], fullStorages.contains(target) {
            throw SimulatorAPIError(status: 500, message: "unable to restore \(kind.label) \(vmid) - no space left on storage '\(target)'")
        }
        let sourceVMID = Self.vmid(ofBackup: archive)
        let source = sourceVMID.flatMap { guestIndex[$0] }.map { guests[$0] }
        let created = guestIndex[vmid] == nil
        if created {
            var guest = source ?? GuestState(
                vmid: vmid, kind: kind, name: "restored-\(vmid)", node: node, power: .stopped, isTemplate: false, tags: [], pool: nil,
                haState: nil, cores: 1, maxMemory: 1024 * mib, maxDisk: 8 * gib, maxSwap: kind == .lxc ? 512 * mib : 0, diskFraction: 0.2,
                startedAt: now(), description: "", load: Self.quietLoad, macSuffix: 0)
            guest.vmid = vmid
            guest.node = node
            guest.power = .stopped
            guest.haState = nil
            guest.pool = parameters["pool"]
            if Self.flag(parameters["unique"]) || source?.vmid != vmid {
                guest.macSuffix = UInt32.random(in: 0...0xFF_FFFF, using: &generator)
            }
            addGuest(guest)
        }
        let type = kind == .qemu ? "qmrestore" : "vzrestore"
        let log = kind == .qemu
            ? ["restore vma archive: zstd -q -d -c \(archive) | vma extract -v -r /var/tmp/vzdumptmp.fifo - /var/tmp/vzdumptmp",
               "progress 25% (read 2147483648 bytes, duration 1 sec)", "progress 100% (read 8589934592 bytes, duration 3 sec)",
               "rescan volumes..."]
            : ["recovering backed-up configuration from '\(archive)'", "restoring '\(archive)' now..", "Total bytes read: 1073741824 (1.0GiB, 210MiB/s)"]
        return startDeployTask(node: node, type: type, vmid: vmid, kind: kind, action: "restore",
                               parameters: ["start": parameters["start"] ?? "0", "created": created ? "1" : "0"], user: user, log: log)
    }

    /// `POST /nodes/{node}/qemu/{vmid}/clone`.
    func cloneGuest(node name: String, vmid: Int, parameters: [String: String], user: String) throws(SimulatorAPIError) -> String {
        settle()
        let node = try onlineNodeIndex(name)
        let sourcePosition = try guestPosition(node: node, kind: .qemu, vmid: vmid)
        guard let newText = parameters["newid"] else { throw .parameter("newid", "property is missing and it is not optional") }
        guard let newid = Int(newText), (100...999_999_999).contains(newid) else {
            throw .parameter("newid", "value does not look like a valid VM ID")
        }
        if let name = parameters["name"], !Self.isDNSName(name) {
            throw .parameter("name", "invalid format - value does not look like a valid DNS name")
        }
        guard guestIndex[newid] == nil else {
            throw SimulatorAPIError(status: 500, message: "unable to create VM \(newid): config file already exists")
        }
        var target = node
        if let targetName = parameters["target"] { target = try onlineNodeIndex(targetName) }
        let source = guests[sourcePosition]
        let full = parameters["full"].map { Self.flag($0) } ?? !source.isTemplate
        if !full && !source.isTemplate {
            throw SimulatorAPIError(status: 500, message: "Linked clone feature is not supported for 'VM \(vmid)' (not a template)")
        }
        if let storage = parameters["storage"] {
            guard full else { throw .parameter("storage", "parameter 'storage' not allowed for linked clones") }
            guard let definition = StorageDefinition.standard.first(where: { $0.name == storage }) else {
                throw SimulatorAPIError(status: 500, message: "storage '\(storage)' does not exist")
            }
            guard definition.content.split(separator: ",").contains("images") else {
                throw SimulatorAPIError(status: 500, message: "storage '\(storage)' does not support vm images")
            }
            if fullStorages.contains(storage) {
                throw SimulatorAPIError(status: 500, message: "clone failed: no space left on storage '\(storage)'")
            }
        }
        var guest = source
        guest.vmid = newid
        guest.name = parameters["name"] ?? "Copy-of-VM-\(source.name)"
        guest.node = target
        guest.power = .stopped
        guest.isTemplate = false
        guest.haState = nil
        guest.pool = parameters["pool"] ?? source.pool
        guest.tags = source.tags.filter { $0 != "template" }
        guest.description = parameters["description"] ?? source.description
        guest.macSuffix = UInt32.random(in: 0...0xFF_FFFF, using: &generator)
        guest.load = Self.quietLoad
        addGuest(guest)
        return startDeployTask(node: node, type: "qmclone", vmid: vmid, kind: .qemu, action: "clone",
                               parameters: ["newid": String(newid), "created": "1"], user: user,
                               log: ["create \(full ? "full" : "linked") clone of drive scsi0 (local-lvm:base-\(vmid)-disk-0)",
                                     "  Logical volume \"vm-\(newid)-disk-0\" created."])
    }

    // MARK: - Appliance templates

    /// `GET /nodes/{node}/aplinfo`.
    func applianceIndex(node name: String) throws(SimulatorAPIError) -> JSONValue {
        _ = try onlineNodeIndex(name)
        return .array(ApplianceInfo.index.map { info in
            .object([
                ("template", .string(info.template)), ("package", .string(info.package)), ("version", .string(info.version)),
                ("os", .string(info.os)), ("section", "system"), ("type", "lxc"), ("headline", .string(info.headline)),
                ("description", .string(info.headline)), ("maintainer", "Proxmox Support Team <support@proxmox.com>"),
                ("source", .string("http://download.proxmox.com/images/system/\(info.template)")),
                ("location", .string("http://download.proxmox.com/images/system/\(info.template)")),
                ("infopage", "https://pve.proxmox.com/wiki/Linux_Container#pct_supported_distributions"),
                ("sha512sum", .string(String(repeating: "0", count: 128))),
            ])
        })
    }

    /// `POST /nodes/{node}/aplinfo` with `storage` and `template`: a download task.
    func downloadAppliance(node name: String, parameters: [String: String], user: String) throws(SimulatorAPIError) -> String {
        settle()
        let node = try onlineNodeIndex(name)
        guard let template = parameters["template"] else { throw .parameter("template", "property is missing and it is not optional") }
        guard let storage = parameters["storage"] else { throw .parameter("storage", "property is missing and it is not optional") }
        guard let info = ApplianceInfo.index.first(where: { $0.template == template }) else {
            throw SimulatorAPIError(status: 400, message: "no such template")
        }
        guard let definition = StorageDefinition.standard.first(where: { $0.name == storage }) else {
            throw SimulatorAPIError(status: 500, message: "storage '\(storage)' does not exist")
        }
        guard definition.content.split(separator: ",").contains("vztmpl") else {
            throw SimulatorAPIError(status: 500, message: "storage '\(storage)' does not support templates")
        }
        return startDeployTask(node: node, type: "download", vmid: nil, kind: nil, action: "download",
                               parameters: ["storage": storage, "template": info.template, "size": String(info.size)], user: user,
                               log: ["downloading http://download.proxmox.com/images/system/\(info.template) to /var/lib/vz/template/cache/\(info.template)",
                                     "--2026-12-01 02:00:00--  http://download.proxmox.com/images/system/\(info.template)"],
                               id: info.template)
    }

    // MARK: - Tasks

    private func startDeployTask(node: Int, type: String, vmid: Int?, kind: GuestKind?, action: String,
                                 parameters: [String: String], user: String, log: [String], id: String? = nil) -> String {
        let time = now()
        let upid = makeUPID(node: node, type: type, id: id ?? vmid.map(String.init) ?? "", user: user, time: time)
        let duration = options.taskDuration.seconds * 2
        var task = SimulatedTask(upid: upid, upidText: upid.description, node: node, vmid: vmid, kind: kind, action: action,
                                 start: time, end: time + duration, outcome: .running, log: [],
                                 forcedError: vmid.flatMap { pendingTaskFailures.removeValue(forKey: $0) })
        task.parameters = parameters
        task.pendingLog = log.enumerated().map { (time: time + duration * Double($0.offset + 1) / Double(log.count + 1), line: $0.element) }
        append(task)
        runningTaskIndices.append(tasks.count - 1)
        appendLog(node: nodes[node].name, pid: upid.pid, user: user, tag: "pvedaemon", priority: 6,
                  message: "<\(user)> starting task \(upid.description)", time: time)
        return upid.description
    }

    /// The effect of a finished backup, restore, clone, creation or download; the error when it fails.
    /// Other tasks (power actions) are left to the caller.
    func applyBackupOrDeployEffect(of task: inout SimulatedTask) -> String? {
        switch task.action {
        case "vzdump":
            return finishBackup(&task)
        case "restore", "create", "clone":
            let vmid = task.action == "clone" ? Int(task.parameters["newid"] ?? "") : task.vmid
            if task.parameters["start"] == "1", let vmid, let position = guestIndex[vmid] {
                guests[position].power = .running
                guests[position].startedAt = task.end.rounded()
            }
        case "download":
            downloadedTemplates.append(DownloadedTemplate(
                storage: task.parameters["storage"] ?? "local", node: task.node, file: task.parameters["template"] ?? "",
                size: Int(task.parameters["size"] ?? "") ?? 0, ctime: task.end))
            task.log.append("download of '\(task.parameters["template"] ?? "")' finished")
        default:
            break
        }
        return nil
    }

    /// A restore, clone or creation that failed removes the guest it made, as PVE's cleanup does.
    func discardCreation(of task: SimulatedTask) {
        guard ["restore", "create", "clone"].contains(task.action), task.parameters["created"] == "1",
              let vmid = task.action == "clone" ? Int(task.parameters["newid"] ?? "") : task.vmid else { return }
        removeGuest(vmid: vmid)
    }

    private func addGuest(_ guest: GuestState) {
        guestIndex[guest.vmid] = guests.count
        guests.append(guest)
    }

    private func removeGuest(vmid: Int) {
        guard let position = guestIndex[vmid] else { return }
        guests.remove(at: position)
        guestIndex = Dictionary(uniqueKeysWithValues: guests.enumerated().map { ($1.vmid, $0) })
    }

    private static let quietLoad = LoadProfile(cpuBase: 0.02, cpuSwing: 0.03, memoryBase: 0.2, memorySwing: 0.05, phase: 0,
                                               period: 600, networkRate: 1_000, diskRate: 1_000)

    /// PVE's `dns-name` format: dot-separated labels of letters, digits and inner hyphens.
    static func isDNSName(_ text: String) -> Bool {
        !text.isEmpty && text.count <= 253 && text.split(separator: ".", omittingEmptySubsequences: false).allSatisfy { label in
            (1...63).contains(label.count) && label.first != "-" && label.last != "-"
                && label.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }
        }
    }

    /// The guest a backup volid belongs to: `vzdump-qemu-101-…` or `backup/vm/101/…`.
    static func vmid(ofBackup volid: String) -> Int? {
        if let match = volid.firstMatch(of: /vzdump-(?:qemu|lxc)-(\d+)-/) { return Int(match.1) }
        if let match = volid.firstMatch(of: /backup\/(?:vm|ct)\/(\d+)\//) { return Int(match.1) }
        return nil
    }

    static func flag(_ text: String?) -> Bool {
        text == "1" || text == "true"
    }
}
