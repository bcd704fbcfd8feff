import Foundation
import Testing
@testable import ProxmoxSimulator

/// Field names and JSON types as in the PVE API schema and recorded responses.
@Suite("Endpoint shapes")
struct EndpointShapeTests {
    private func expectFields(_ object: [String: Any], strings: [String] = [], numbers: [String] = [],
                              sourceLocation: SourceLocation = #_sourceLocation) {
        for key in strings {
            #expect(object[key] is String, "\(key) should be a string in \(object)", sourceLocation: sourceLocation)
        }
        for key in numbers {
            #expect(object[key] is NSNumber && !(object[key] is String), "\(key) should be a number in \(object)", sourceLocation: sourceLocation)
        }
    }

    @Test("version has version, release and repoid")
    func version() async throws {
        try await SimulatorHarness.with { sim in
            let reply = try await sim.request(.GET, "/version")
            expectFields(reply.object, strings: ["version", "release", "repoid"])
            #expect(reply.headers.first(name: "Content-Type") == "application/json;charset=UTF-8")
            #expect(reply.headers.first(name: "Server") == "pve-api-daemon/3.0")
        }
    }

    @Test("cluster status lists the cluster and every node")
    func clusterStatus() async throws {
        try await SimulatorHarness.with { sim in
            let entries = try await sim.request(.GET, "/cluster/status").list
            #expect(entries.count == 4)
            let cluster = try #require(entries.first("type", "cluster"))
            #expect(cluster["name"] as? String == "homelab")
            #expect(cluster["quorate"] as? Int == 1)
            expectFields(cluster, strings: ["id", "name"], numbers: ["nodes", "quorate", "version"])
            for node in entries where node["type"] as? String == "node" {
                expectFields(node, strings: ["id", "name", "ip", "level"], numbers: ["nodeid", "online", "local"])
            }
        }
    }

    @Test("cluster resources have guests, nodes, storages and pools with the usual fields")
    func clusterResources() async throws {
        try await SimulatorHarness.with { sim in
            let entries = try await sim.request(.GET, "/cluster/resources").list
            let guests = entries.filter { ["qemu", "lxc"].contains($0["type"] as? String) }
            #expect(guests.count == 25)
            #expect(Set(guests.texts("name")).count == 25)
            #expect(guests.contains("type", "lxc") && guests.contains("type", "qemu"))
            #expect(guests.numbers("template").contains(1))
            #expect(guests.contains("status", "running") && guests.contains("status", "stopped"))
            for guest in guests {
                expectFields(guest, strings: ["id", "type", "node", "status", "name"],
                             numbers: ["vmid", "cpu", "maxcpu", "mem", "maxmem", "disk", "maxdisk", "uptime", "netin", "netout",
                                       "diskread", "diskwrite", "template"])
            }
            let web = try #require(guests.first("name", "web01"))
            #expect(web["tags"] as? String == "prod;web")
            #expect(web["pool"] as? String == "prod")
            #expect(web["id"] as? String == "qemu/100")
            let nodes = entries.matching("type", "node")
            #expect(nodes.count == 3, "\(nodes.first ?? [:])")
            for node in nodes {
                expectFields(node, strings: ["id", "node", "status"], numbers: ["cpu", "maxcpu", "mem", "maxmem", "disk", "maxdisk", "uptime"])
            }
            let storages = entries.matching("type", "storage")
            #expect(storages.count == 12)
            let pbs = try #require(storages.first("storage", "pbs-store"))
            #expect(pbs["plugintype"] as? String == "pbs")
            #expect(pbs["shared"] as? Int == 1)
            #expect(pbs["id"] as? String == "storage/pve1/pbs-store")
            expectFields(pbs, strings: ["content", "status"], numbers: ["disk", "maxdisk", "shared"])
            let pools = entries.matching("type", "pool").texts("pool")
            #expect(Set(pools) == ["prod", "lab", "media"])

            let onlyNodes = try await sim.request(.GET, "/cluster/resources?type=node").list
            #expect(onlyNodes.count == 3)
            let bad = try await sim.request(.GET, "/cluster/resources?type=bogus")
            #expect(bad.status == 400)
            #expect((bad.json["errors"] as? [String: String])?["type"] != nil)
        }
    }

    @Test("cluster tasks and cluster log have their fields")
    func tasksAndLog() async throws {
        try await SimulatorHarness.with { sim in
            let tasks = try await sim.request(.GET, "/cluster/tasks").list
            #expect(!tasks.isEmpty)
            for task in tasks {
                expectFields(task, strings: ["upid", "node", "type", "id", "user", "status"], numbers: ["pid", "pstart", "starttime", "endtime"])
            }
            let failedBackups = tasks.matching("type", "vzdump").texts("status").filter { $0 != "OK" }
            #expect(!failedBackups.isEmpty)
            let log = try await sim.request(.GET, "/cluster/log?max=5").list
            #expect(log.count == 5)
            for entry in log {
                expectFields(entry, strings: ["node", "user", "tag", "msg", "severity"], numbers: ["uid", "time", "pri", "pid"])
            }
        }
    }

    @Test("nodes and node status have PVE's fields")
    func nodes() async throws {
        try await SimulatorHarness.with { sim in
            let nodes = try await sim.request(.GET, "/nodes").list
            #expect(nodes.texts("node") == ["pve1", "pve2", "pve3"])
            for node in nodes {
                expectFields(node, strings: ["node", "status", "ssl_fingerprint", "id"], numbers: ["cpu", "maxcpu", "mem", "maxmem", "uptime"])
            }
            let status = try await sim.request(.GET, "/nodes/pve2/status").object
            expectFields(status, strings: ["pveversion", "kversion"], numbers: ["cpu", "uptime"])
            let memory = try #require(status["memory"] as? [String: Any])
            expectFields(memory, numbers: ["total", "used", "free"])
            expectFields(try #require(status["rootfs"] as? [String: Any]), numbers: ["total", "used", "free", "avail"])
            expectFields(try #require(status["cpuinfo"] as? [String: Any]), strings: ["model"], numbers: ["cpus", "cores", "sockets"])
            #expect((status["loadavg"] as? [String])?.count == 3)
        }
    }

    @Test("guest lists, current status and config have PVE's fields")
    func guests() async throws {
        try await SimulatorHarness.with { sim in
            let vm = try await sim.firstGuest(type: "qemu")
            let qemu = try await sim.request(.GET, "/nodes/\(vm.node)/qemu").list
            #expect(!qemu.isEmpty)
            for entry in qemu {
                expectFields(entry, strings: ["name", "status"], numbers: ["vmid", "cpu", "cpus", "mem", "maxmem", "maxdisk", "uptime"])
            }
            let current = try await sim.request(.GET, "/nodes/\(vm.node)/qemu/\(vm.vmid)/status/current").object
            expectFields(current, strings: ["name", "status"], numbers: ["vmid", "cpu", "cpus", "maxmem", "uptime"])
            #expect(current["ha"] is [String: Any])
            let config = try await sim.request(.GET, "/nodes/\(vm.node)/qemu/\(vm.vmid)/config").object
            expectFields(config, strings: ["name", "digest", "net0", "scsi0", "ostype"], numbers: ["cores", "sockets"])

            let ct = try await sim.firstGuest(type: "lxc")
            let lxc = try await sim.request(.GET, "/nodes/\(ct.node)/lxc").list
            for entry in lxc {
                expectFields(entry, strings: ["name", "status", "type"], numbers: ["vmid", "cpu", "cpus", "mem", "maxmem", "disk", "maxdisk", "maxswap"])
            }
            let ctConfig = try await sim.request(.GET, "/nodes/\(ct.node)/lxc/\(ct.vmid)/config").object
            expectFields(ctConfig, strings: ["hostname", "rootfs", "net0", "digest", "arch"], numbers: ["cores", "memory", "swap"])
        }
    }

    @Test("storages and their content list ISOs, templates and backups with PVE volids")
    func storage() async throws {
        try await SimulatorHarness.with { sim in
            let storages = try await sim.request(.GET, "/nodes/pve1/storage").list
            #expect(Set(storages.texts("storage")) == ["local", "local-lvm", "nfs-share", "pbs-store"])
            for storage in storages {
                expectFields(storage, strings: ["storage", "type", "content"], numbers: ["total", "used", "avail", "active", "enabled", "shared"])
            }
            let pbs = try await sim.request(.GET, "/nodes/pve1/storage/pbs-store/content").list
            #expect(!pbs.isEmpty)
            let pbsVolid = try #require(pbs.first?["volid"] as? String)
            #expect(pbsVolid.wholeMatch(of: /pbs-store:backup\/(vm|ct)\/\d+\/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ/) != nil)
            for entry in pbs { expectFields(entry, strings: ["volid", "format", "content"], numbers: ["size", "ctime", "vmid"]) }

            let local = try await sim.request(.GET, "/nodes/pve1/storage/local/content").list
            let localVolids = local.texts("volid")
            let hasISO = localVolids.contains { $0.hasPrefix("local:iso/") }
            let hasTemplate = localVolids.contains { $0.hasPrefix("local:vztmpl/") }
            #expect(hasISO)
            #expect(hasTemplate)
            let backups = try await sim.request(.GET, "/nodes/pve1/storage/local/content?content=backup").list
            #expect(!backups.isEmpty)
            let badVolids = backups.texts("volid").filter { $0.wholeMatch(of: /local:backup\/vzdump-(qemu|lxc)-\d+-\d{4}_\d\d_\d\d-\d\d_\d\d_\d\d\.(vma|tar)\.zst/) == nil }
            #expect(badVolids.isEmpty)
            #expect(backups.texts("volid").count == backups.count)
        }
    }

    @Test("node tasks filter by source, vmid and errors and report a total")
    func nodeTasks() async throws {
        try await SimulatorHarness.with { sim in
            var all: [[String: Any]] = []
            for node in ["pve1", "pve2", "pve3"] {
                let reply = try await sim.request(.GET, "/nodes/\(node)/tasks?limit=100")
                #expect(reply.json["total"] is Int)
                all += reply.list
            }
            #expect(all.count == 12)
            let failures = all.filter { $0.text("status") != "OK" }
            let failed = try #require(failures.first)
            let node = failed["node"] as! String
            let errors = try await sim.request(.GET, "/nodes/\(node)/tasks?errors=1").list
            #expect(errors.count == 1)
            let byVMID = try await sim.request(.GET, "/nodes/\(node)/tasks?vmid=\(failed["id"] as! String)").list
            #expect(byVMID.count == 1)
            let upid = failed["upid"] as! String
            let log = try await sim.request(.GET, "/nodes/\(node)/tasks/\(upid)/log?start=0&limit=100").list
            #expect(log.last?["t"] as? String == "TASK ERROR: job errors")
            #expect(log.first?["n"] as? Int == 1)
            let tail = try await sim.request(.GET, "/nodes/\(node)/tasks/\(upid)/log?start=5").list
            #expect(tail.first?["n"] as? Int == 6)
        }
    }
}
