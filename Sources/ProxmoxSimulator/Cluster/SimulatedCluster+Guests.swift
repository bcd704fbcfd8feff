import Foundation

/// Guest endpoints: lists, current status, config (read and update) and power actions.
extension SimulatedCluster {
    static let qemuActions: Set<String> = ["start", "stop", "shutdown", "reboot", "reset", "suspend", "resume"]
    static let lxcActions: Set<String> = ["start", "stop", "shutdown", "reboot", "suspend", "resume"]

    private func guestListJSON(_ guest: GuestState, at time: Double, full: Bool) -> JSONValue {
        let metrics = metrics(of: guest, at: time)
        var members: [(String, JSONValue)] = [
            ("vmid", .int(guest.vmid)), ("name", .string(guest.name)), ("status", .string(guest.statusText)),
            ("cpu", .double(metrics.cpu)), ("cpus", .int(guest.cores)), ("mem", .int(metrics.memory)),
            ("maxmem", .int(guest.maxMemory)), ("disk", .int(metrics.disk)), ("maxdisk", .int(guest.maxDisk)),
            ("diskread", .int(metrics.diskread)), ("diskwrite", .int(metrics.diskwrite)),
            ("netin", .int(metrics.netin)), ("netout", .int(metrics.netout)), ("uptime", .int(metrics.uptime)),
        ]
        if guest.kind == .lxc {
            members += [("type", "lxc"), ("maxswap", .int(guest.maxSwap)), ("swap", 0)]
        }
        if guest.isUp { members.append(("pid", .int(100_000 + guest.vmid * 7))) }
        if guest.kind == .qemu && (full || guest.isUp) {
            members.append(("qmpstatus", .string(guest.power == .paused ? "paused" : guest.statusText)))
        }
        if guest.isTemplate { members.append(("template", 1)) }
        if !guest.tags.isEmpty { members.append(("tags", .string(guest.tagString))) }
        return .object(members)
    }

    /// `GET /nodes/{node}/qemu` and `GET /nodes/{node}/lxc`.
    func guestList(node name: String, kind: GuestKind, full: Bool) throws(SimulatorAPIError) -> JSONValue {
        settle()
        let node = try onlineNodeIndex(name)
        let time = now()
        return .array(guests.filter { $0.node == node && $0.kind == kind }.map { guestListJSON($0, at: time, full: full) })
    }

    /// `GET /nodes/{node}/{qemu|lxc}/{vmid}/status/current`.
    func guestCurrentStatus(node name: String, kind: GuestKind, vmid: Int) throws(SimulatorAPIError) -> JSONValue {
        settle()
        let node = try onlineNodeIndex(name)
        let guest = guests[try guestPosition(node: node, kind: kind, vmid: vmid)]
        guard case .object(var members) = guestListJSON(guest, at: now(), full: true) else { return .null }
        var ha: [(String, JSONValue)] = [("managed", .flag(guest.haState != nil))]
        if let state = guest.haState { ha.append(("state", .string(state))) }
        members.append(("ha", .object(ha)))
        if kind == .qemu {
            members += [("agent", 1), ("serial", 0)]
            if guest.isUp {
                members += [("running-machine", "pc-i440fx-9.2+pve1"), ("running-qemu", "10.0.2"),
                            ("balloon", .int(guest.maxMemory)), ("freemem", .int(guest.maxMemory / 3))]
            }
        }
        if let lock = lockOf(vmid: vmid) { members.append(("lock", .string(lock))) }
        return .object(members)
    }

    /// The lock a guest holds while one of its tasks runs (PVE locks during backups; power
    /// actions do not lock, so this is only set for running vzdump tasks).
    private func lockOf(vmid: Int) -> String? {
        for index in runningTaskIndices where tasks[index].vmid == vmid && tasks[index].action == "vzdump" {
            return "backup"
        }
        return nil
    }

    /// `GET /nodes/{node}/{qemu|lxc}/{vmid}/config`.
    func guestConfig(node name: String, kind: GuestKind, vmid: Int) throws(SimulatorAPIError) -> JSONValue {
        settle()
        let node = try onlineNodeIndex(name)
        let guest = guests[try guestPosition(node: node, kind: kind, vmid: vmid)]
        var members: [(String, JSONValue)]
        let memoryMiB = guest.maxMemory / mib
        let diskGiB = guest.maxDisk / gib
        switch kind {
        case .qemu:
            members = [
                ("name", .string(guest.name)), ("cores", .int(guest.cores)), ("sockets", 1), ("memory", .string(String(memoryMiB))),
                ("ostype", .string(guest.name.hasPrefix("win") ? "win11" : "l26")), ("boot", "order=scsi0;ide2;net0"),
                ("scsihw", "virtio-scsi-single"), ("cpu", "x86-64-v2-AES"), ("agent", "1"),
                ("scsi0", .string("local-lvm:vm-\(guest.vmid)-disk-0,iothread=1,size=\(diskGiB)G")),
                ("ide2", "none,media=cdrom"), ("net0", .string(networkConfig(of: guest))),
                ("numa", 0), ("onboot", .flag(!guest.isTemplate)),
                ("smbios1", .string("uuid=\(Self.uuid(for: guest.vmid, seed: options.seed))")),
                ("vmgenid", .string(Self.uuid(for: guest.vmid &* 31, seed: options.seed))),
                ("meta", "creation-qemu=9.0.2,ctime=1717000000"),
            ]
            if guest.isTemplate { members.append(("template", 1)) }
        case .lxc:
            members = [
                ("hostname", .string(guest.name)), ("arch", "amd64"), ("cores", .int(guest.cores)), ("memory", .int(memoryMiB)),
                ("swap", .int(guest.maxSwap / mib)), ("ostype", "debian"), ("unprivileged", 1), ("onboot", 1),
                ("rootfs", .string("local-lvm:vm-\(guest.vmid)-disk-0,size=\(diskGiB)G")),
                ("net0", .string(networkConfig(of: guest))),
                ("features", "nesting=1"),
            ]
        }
        for key in ["ciuser", "sshkeys", "ipconfig0"] {
            if let value = guest.extraConfig[key] { members.append((key, .string(value))) }
        }
        if !guest.tags.isEmpty { members.append(("tags", .string(guest.tagString))) }
        if !guest.description.isEmpty { members.append(("description", .string(guest.description))) }
        members.append(("digest", .string(configDigest(guest))))
        return .object(members)
    }

    /// `PUT` (synchronous) or `POST` (qemu, asynchronous) config update; `tags`, `description`, `cores`,
    /// `memory`, cloud-init's `ciuser`, `sshkeys` and `ipconfig0` (VMs), and `delete` of tags and
    /// description change something; other keys are accepted and ignored.
    /// Returns the UPID of the config task for qemu `POST`, nil otherwise.
    func updateGuestConfig(node name: String, kind: GuestKind, vmid: Int, parameters: [String: String],
                           user: String, asynchronous: Bool) throws(SimulatorAPIError) -> String? {
        settle()
        let node = try onlineNodeIndex(name)
        let position = try guestPosition(node: node, kind: kind, vmid: vmid)
        if let digest = parameters["digest"], digest != configDigest(guests[position]) {
            throw SimulatorAPIError(status: 500, message: "detected modified configuration - file changed by other user? Try again.")
        }
        if let tags = parameters["tags"] {
            let parsed = tags.split(whereSeparator: { $0 == ";" || $0 == "," || $0 == " " }).map(String.init)
            for tag in parsed where !Self.isValidTag(tag) {
                throw .parameter("tags", "invalid format - invalid tag '\(tag)'")
            }
            guests[position].tags = parsed
        }
        if let description = parameters["description"] { guests[position].description = description }
        if let cores = parameters["cores"] {
            guard let value = Int(cores), (1...512).contains(value) else { throw .parameter("cores", "type check ('integer') failed - got '\(cores)'") }
            guests[position].cores = value
        }
        if let memory = parameters["memory"] {
            guard let value = Int(memory), value >= 16 else { throw .parameter("memory", "value must have a minimum value of 16") }
            guests[position].maxMemory = value * mib
        }
        for key in ["ciuser", "sshkeys", "ipconfig0"] where parameters[key] != nil {
            guard kind == .qemu else { throw .parameter(key, "property is not defined in schema and the schema does not allow additional properties") }
            guests[position].extraConfig[key] = parameters[key]
        }
        if let deletions = parameters["delete"] {
            for key in deletions.split(whereSeparator: { $0 == "," || $0 == ";" || $0 == " " }) {
                if key == "tags" { guests[position].tags = [] }
                if key == "description" { guests[position].description = "" }
            }
        }
        guard asynchronous else { return nil }
        let time = now()
        let upid = makeUPID(node: node, type: "qmconfig", id: String(vmid), user: user, time: time)
        append(SimulatedTask(upid: upid, upidText: upid.description, node: node, vmid: vmid, kind: kind, action: "config",
                             start: time, end: time, outcome: .finished(exitStatus: "OK"), log: ["TASK OK"], forcedError: nil))
        return upid.description
    }

    /// `POST /nodes/{node}/{qemu|lxc}/{vmid}/status/{action}`: starts a task, returns its UPID.
    func powerAction(node name: String, kind: GuestKind, vmid: Int, action: String, user: String) throws(SimulatorAPIError) -> String {
        settle()
        let allowed = kind == .qemu ? Self.qemuActions : Self.lxcActions
        guard allowed.contains(action) else {
            throw .notImplemented("POST", "/nodes/\(name)/\(kind.rawValue)/\(vmid)/status/\(action)")
        }
        let node = try onlineNodeIndex(name)
        let position = try guestPosition(node: node, kind: kind, vmid: vmid)
        if guests[position].isTemplate && action == "start" {
            throw SimulatorAPIError(status: 500, message: kind == .qemu
                ? "you can't start a vm if it's a template" : "you can't start a CT if it's a template")
        }
        return startTask(node: node, guest: position, action: action, user: user)
    }

    static func isValidTag(_ tag: String) -> Bool {
        guard let first = tag.unicodeScalars.first, CharacterSet.alphanumerics.contains(first) || first == "_" else { return false }
        return tag.unicodeScalars.allSatisfy { CharacterSet.alphanumerics.contains($0) || "-_+.".unicodeScalars.contains($0) }
    }

    private func configDigest(_ guest: GuestState) -> String {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in "\(guest.vmid)|\(guest.name)|\(guest.tagString)|\(guest.description)".utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x100_0000_01B3
        }
        let part = String(hash, radix: 16)
        return String((part + part + part).prefix(40))
    }

    static func uuid(for value: Int, seed: UInt64) -> String {
        var generator = SeededGenerator(seed: seed ^ UInt64(truncatingIfNeeded: value))
        let hex = (0..<4).map { _ in String(UInt32(truncatingIfNeeded: generator.next()), radix: 16) }
            .map { String(repeating: "0", count: 8 - $0.count) + $0 }.joined()
        let characters = Array(hex)
        return "\(String(characters[0..<8]))-\(String(characters[8..<12]))-4\(String(characters[13..<16]))-a\(String(characters[17..<20]))-\(String(characters[20..<32]))"
    }
}
