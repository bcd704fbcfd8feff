import Foundation

/// Cluster-wide and node-level read endpoints: version, cluster status, resources, log, nodes.
extension SimulatedCluster {
    static let pveVersion = "9.1.1"
    static let pveRelease = "9.1"
    static let repoID = "42db4a6cf33dac83"

    /// Load of each node at a moment: summed over its running guests.
    struct NodeLoad {
        var cpu: Double
        var memory: Int
        var disk: Int
        var uptime: Int
    }

    struct GuestMetrics {
        var cpu: Double
        var memory: Int
        var disk: Int
        var uptime: Int
        var netin: Int
        var netout: Int
        var diskread: Int
        var diskwrite: Int
    }

    func metrics(of guest: GuestState, at time: Double) -> GuestMetrics {
        let disk = guest.kind == .lxc ? Int(Double(guest.maxDisk) * guest.diskFraction) : 0
        guard guest.isUp else {
            return GuestMetrics(cpu: 0, memory: 0, disk: disk, uptime: 0, netin: 0, netout: 0, diskread: 0, diskwrite: 0)
        }
        let uptime = max(0, Int(time - guest.startedAt))
        let up = Double(uptime)
        let cpu = guest.power == .paused ? 0 : guest.load.cpu(at: time, vmid: guest.vmid)
        return GuestMetrics(
            cpu: cpu,
            memory: Int(Double(guest.maxMemory) * guest.load.memory(at: time)),
            disk: disk,
            uptime: uptime,
            netin: Int(guest.load.networkRate * up),
            netout: Int(guest.load.networkRate * up * 0.35),
            diskread: Int(guest.load.diskRate * up * 0.25),
            diskwrite: Int(guest.load.diskRate * up)
        )
    }

    func nodeLoads(at time: Double) -> [NodeLoad] {
        var cpu = [Double](repeating: 0, count: nodes.count)
        var memory = [Int](repeating: 0, count: nodes.count)
        for guest in guests where guest.isUp {
            let metrics = metrics(of: guest, at: time)
            cpu[guest.node] += metrics.cpu * Double(guest.cores)
            memory[guest.node] += metrics.memory
        }
        return nodes.indices.map { index in
            let node = nodes[index]
            let baseline = 0.01 + 0.02 * SeededGenerator.unit(UInt64(index), UInt64(max(0, time / 5)))
            let usedMemory: Int
            if let pinned = node.pinnedMemoryFraction {
                usedMemory = Int(Double(node.maxMemory) * pinned)
            } else {
                usedMemory = min(Int(Double(node.maxMemory) * 0.97), 1_600 * mib + memory[index])
            }
            return NodeLoad(cpu: min(1, baseline + cpu[index] / Double(node.cores)), memory: usedMemory,
                            disk: node.rootUsed, uptime: max(0, Int(time - node.bootTime)))
        }
    }

    /// `GET /version`.
    func version() -> JSONValue {
        .object([("version", .string(Self.pveVersion)), ("release", .string(Self.pveRelease)), ("repoid", .string(Self.repoID))])
    }

    /// `GET /cluster/status`: the cluster entry, then one entry per node.
    func clusterStatus() -> JSONValue {
        let online = nodes.filter(\.online).count
        var entries: [JSONValue] = [.object([
            ("type", "cluster"), ("id", "cluster"), ("name", .string(options.clusterName)),
            ("nodes", .int(nodes.count)), ("quorate", .flag(online * 2 > nodes.count)), ("version", .int(nodes.count + 2)),
        ])]
        for (index, node) in nodes.enumerated() {
            entries.append(.object([
                ("type", "node"), ("id", .string("node/\(node.name)")), ("name", .string(node.name)),
                ("nodeid", .int(node.nodeid)), ("online", .flag(node.online)), ("local", .flag(index == 0)),
                ("ip", .string(node.ip)), ("level", ""),
            ]))
        }
        return .array(entries)
    }

    /// `GET /cluster/resources[?type=vm|node|storage|pool|sdn]`.
    func clusterResources(type filter: String?) throws(SimulatorAPIError) -> JSONValue {
        settle()
        if let filter, !["vm", "node", "storage", "pool", "sdn"].contains(filter) {
            throw .parameter("type", "value '\(filter)' does not have a value in the enumeration 'vm, storage, node, sdn'")
        }
        let time = now()
        var entries: [JSONValue] = []
        if filter == nil || filter == "vm" {
            entries.reserveCapacity(guests.count + nodes.count * 5)
            for guest in guests { entries.append(resourceJSON(guest, at: time)) }
        }
        if filter == nil || filter == "node" {
            let loads = nodeLoads(at: time)
            for (index, node) in nodes.enumerated() {
                var members: [(String, JSONValue)] = [
                    ("id", .string("node/\(node.name)")), ("type", "node"), ("node", .string(node.name)),
                    ("status", .string(node.online ? "online" : "offline")), ("level", ""),
                    ("maxcpu", .int(node.cores)), ("maxmem", .int(node.maxMemory)), ("maxdisk", .int(node.maxDisk)),
                ]
                if node.online {
                    let load = loads[index]
                    members += [("cpu", .double(load.cpu)), ("mem", .int(load.memory)), ("disk", .int(load.disk)),
                                ("uptime", .int(load.uptime)), ("cgroup-mode", 2)]
                }
                entries.append(.object(members))
            }
        }
        if filter == nil || filter == "storage" {
            for node in nodes {
                for storage in StorageDefinition.standard {
                    entries.append(.object([
                        ("id", .string("storage/\(node.name)/\(storage.name)")), ("type", "storage"),
                        ("storage", .string(storage.name)), ("node", .string(node.name)),
                        ("status", .string(node.online ? "available" : "unknown")), ("plugintype", .string(storage.type)),
                        ("content", .string(storage.content)), ("shared", .flag(storage.shared)),
                        ("disk", .int(Int(Double(storage.total) * storage.usedFraction))), ("maxdisk", .int(storage.total)),
                    ]))
                }
            }
        }
        if filter == nil || filter == "pool" {
            let pools = Set(guests.compactMap(\.pool)).sorted()
            for pool in pools {
                entries.append(.object([("id", .string("pool/\(pool)")), ("type", "pool"), ("pool", .string(pool))]))
            }
        }
        return .array(entries)
    }

    private func resourceJSON(_ guest: GuestState, at time: Double) -> JSONValue {
        let node = nodes[guest.node]
        var members: [(String, JSONValue)] = [
            ("id", .string("\(guest.kind.rawValue)/\(guest.vmid)")), ("type", .string(guest.kind.rawValue)),
            ("vmid", .int(guest.vmid)), ("name", .string(guest.name)), ("node", .string(node.name)),
        ]
        members.reserveCapacity(24)
        if node.online {
            let metrics = metrics(of: guest, at: time)
            members += [
                ("status", .string(guest.statusText)), ("cpu", .double(metrics.cpu)), ("maxcpu", .int(guest.cores)),
                ("mem", .int(metrics.memory)), ("maxmem", .int(guest.maxMemory)), ("disk", .int(metrics.disk)),
                ("maxdisk", .int(guest.maxDisk)), ("uptime", .int(metrics.uptime)), ("netin", .int(metrics.netin)),
                ("netout", .int(metrics.netout)), ("diskread", .int(metrics.diskread)), ("diskwrite", .int(metrics.diskwrite)),
            ]
        } else {
            members += [("status", "unknown"), ("maxcpu", .int(guest.cores)), ("maxmem", .int(guest.maxMemory)),
                        ("maxdisk", .int(guest.maxDisk))]
        }
        members.append(("template", .flag(guest.isTemplate)))
        if !guest.tags.isEmpty { members.append(("tags", .string(guest.tagString))) }
        if let pool = guest.pool { members.append(("pool", .string(pool))) }
        if let ha = guest.haState { members.append(("hastate", .string(ha))) }
        return .object(members)
    }

    /// `GET /cluster/log?max=N`: newest first.
    func clusterLogEntries(max: Int?) -> JSONValue {
        settle()
        let count = Swift.max(0, max ?? 50)
        return .array(clusterLog.reversed().prefix(count).map { entry in
            .object([
                ("uid", .int(entry.uid)), ("time", .int(entry.time)), ("severity", .string(entry.priority <= 3 ? "err" : "info")),
                ("pri", .int(entry.priority)), ("node", .string(entry.node)), ("pid", .int(entry.pid)),
                ("user", .string(entry.user)), ("tag", .string(entry.tag)), ("msg", .string(entry.message)),
            ])
        })
    }

    /// `GET /nodes`.
    func nodeList() -> JSONValue {
        settle()
        let loads = nodeLoads(at: now())
        return .array(nodes.enumerated().map { index, node in
            var members: [(String, JSONValue)] = [
                ("node", .string(node.name)), ("status", .string(node.online ? "online" : "offline")),
                ("id", .string("node/\(node.name)")), ("type", "node"), ("level", ""),
                ("ssl_fingerprint", .string(node.fingerprint)),
            ]
            if node.online {
                let load = loads[index]
                members += [("cpu", .double(load.cpu)), ("maxcpu", .int(node.cores)), ("mem", .int(load.memory)),
                            ("maxmem", .int(node.maxMemory)), ("disk", .int(load.disk)), ("maxdisk", .int(node.maxDisk)),
                            ("uptime", .int(load.uptime))]
            }
            return .object(members)
        })
    }

    /// `GET /nodes/{node}/status`.
    func nodeStatus(node name: String) throws(SimulatorAPIError) -> JSONValue {
        settle()
        let index = try onlineNodeIndex(name)
        let node = nodes[index]
        let time = now()
        let load = nodeLoads(at: time)[index]
        let loadavg = [1.0, 0.9, 0.8].map { String(format: "%.2f", load.cpu * Double(node.cores) * $0) }
        let swapUsed = Int(Double(node.swapTotal) * 0.02)
        return .object([
            ("cpu", .double(load.cpu)), ("wait", .double(0.0012)), ("idle", 0),
            ("uptime", .int(load.uptime)), ("loadavg", .array(loadavg.map { .string($0) })),
            ("kversion", "Linux 6.14.11-4-pve #1 SMP PREEMPT_DYNAMIC PMX 6.14.11-4 (2025-10-10T08:04Z) x86_64"),
            ("pveversion", .string("pve-manager/\(Self.pveVersion)/\(Self.repoID)")),
            ("cpuinfo", .object([
                ("model", .string(node.cpuModel)), ("cpus", .int(node.cores)), ("cores", .int(node.cores / node.sockets)),
                ("sockets", .int(node.sockets)), ("mhz", "3400.000"), ("hvm", "1"), ("user_hz", 100),
                ("flags", "fpu vme de pse tsc msr pae mce cx8 apic sep mtrr pge mca cmov pat pse36 clflush mmx fxsr sse sse2 ht syscall nx lm constant_tsc pni vmx ssse3 sse4_1 sse4_2 avx avx2"),
            ])),
            ("memory", .object([
                ("total", .int(node.maxMemory)), ("used", .int(load.memory)), ("free", .int(node.maxMemory - load.memory)),
                ("available", .int(node.maxMemory - load.memory)),
            ])),
            ("swap", .object([("total", .int(node.swapTotal)), ("used", .int(swapUsed)), ("free", .int(node.swapTotal - swapUsed))])),
            ("rootfs", .object([
                ("total", .int(node.maxDisk)), ("used", .int(node.rootUsed)), ("free", .int(node.maxDisk - node.rootUsed)),
                ("avail", .int(node.maxDisk - node.rootUsed)),
            ])),
            ("ksm", .object([("shared", 0)])),
            ("current-kernel", .object([
                ("sysname", "Linux"), ("release", "6.14.11-4-pve"), ("machine", "x86_64"),
                ("version", "#1 SMP PREEMPT_DYNAMIC PMX 6.14.11-4 (2025-10-10T08:04Z)"),
            ])),
            ("boot-info", .object([("mode", "efi"), ("secureboot", 0)])),
        ])
    }
}
