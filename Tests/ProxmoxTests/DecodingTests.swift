import Foundation
import Testing

@testable import Proxmox

@Suite("Decoding recorded Proxmox VE answers")
struct DecodingTests {
    private func decode<T: Decodable>(
        _ type: T.Type, _ fixture: String, context: ProxmoxJSON.Context = .init()
    ) throws -> T {
        try ProxmoxJSON.decodeData(T.self, from: Fixtures.data(fixture), context: context)
    }

    private func decode<T: Decodable>(_ type: T.Type, json: String, context: ProxmoxJSON.Context = .init()) throws -> T {
        try ProxmoxJSON.decodeData(T.self, from: Data(json.utf8), context: context)
    }

    @Test("the version reads version, release and repo id")
    func version() throws {
        let version = try decode(PVEVersion.self, "version.json")
        #expect(version == PVEVersion(version: "9.1-1", release: "9.1", repoid: "9a1b2c3d"))
    }

    @Test("cluster status reads quorum and every node with 0/1 booleans")
    func clusterStatus() throws {
        let entries = try decode([ClusterStatusEntry].self, "cluster-status.json")
        #expect(entries.count == 5)
        let cluster = try #require(entries.first { $0.type == .cluster })
        #expect(cluster.quorate == true)
        #expect(cluster.nodes == 4)
        let node1 = try #require(entries.first { $0.name == "node1" })
        #expect(node1.type == .node)
        #expect(node1.online == true)
        #expect(node1.local == true)
        #expect(node1.ip == "192.168.1.1")
    }

    @Test("cluster resources read guests, nodes and storages")
    func clusterResources() throws {
        let resources = try decode([ClusterResource].self, "cluster-resources.json")
        let vm100 = try #require(resources.first { $0.id == "qemu/100" })
        #expect(vm100.type == .qemu)
        #expect(vm100.guestKind == .qemu)
        #expect(vm100.vmid == 100)
        #expect(vm100.node == "node2")
        #expect(vm100.status == "running")
        #expect(vm100.maxmem == 1_073_741_824)
        #expect(vm100.template == false)
        #expect(vm100.tags.isEmpty)
        let template = try #require(resources.first { $0.id == "qemu/101" })
        #expect(template.template == true)
        let node = try #require(resources.first { $0.id == "node/node1" })
        #expect(node.type == .node)
        #expect(node.guestKind == nil)
        #expect(node.maxcpu == 8)
        let storage = try #require(resources.first { $0.id == "storage/node1/local-zfs" })
        #expect(storage.type == .storage)
        #expect(storage.plugintype == "zfspool")
        #expect(storage.content == "images,rootdir")
        #expect(storage.shared == false)
    }

    @Test("unknown resource types and unknown fields are kept, not fatal")
    func unknownResourceType() throws {
        let resources = try decode(
            [ClusterResource].self,
            json: """
                {"data":[{"id":"network/pve1/vmbr0","type":"network","node":"pve1","brand-new":{"x":[1]}},
                         {"id":"lxc/200","type":"lxc","vmid":"200","cpu":"0.5","maxmem":"1024","template":"1",
                          "tags":"web;prod,db blue","shared":true}]}
                """)
        #expect(resources[0].type == .unknown("network"))
        #expect(resources[0].guestKind == nil)
        #expect(resources[1].guestKind == .lxc)
        #expect(resources[1].vmid == 200)
        #expect(resources[1].cpu == 0.5)
        #expect(resources[1].maxmem == 1024)
        #expect(resources[1].template == true)
        #expect(resources[1].shared == true)
        #expect(resources[1].tags == ["web", "prod", "db", "blue"])
    }

    @Test("cluster tasks read finished and running tasks")
    func clusterTasks() throws {
        let tasks = try decode([TaskSummary].self, "cluster-tasks.json")
        #expect(tasks.count == 2)
        #expect(tasks[0].upid?.type == "vzdump")
        #expect(tasks[0].isRunning == false)
        #expect(tasks[0].succeeded == true)
        #expect(tasks[0].endTime == Date(timeIntervalSince1970: 1_700_000_060))
        #expect(tasks[1].isRunning == true)
        #expect(tasks[1].succeeded == nil)
    }

    @Test("a task with an unparsable id keeps the raw text and a failed status")
    func unparsableTaskID() throws {
        let tasks = try decode(
            [TaskSummary].self,
            json: """
                {"data":[{"upid":"weird-task","node":"pve1","type":"x","user":"root@pam","starttime":10,"endtime":20,
                          "status":"command 'x' failed: exit code 1"},
                         {"upid":"UPID:pve1:00000001:00000001:00000001:vzdump::root@pam:","starttime":"5","endtime":6,
                          "status":"WARNINGS: 2"}]}
                """)
        #expect(tasks[0].upid == nil)
        #expect(tasks[0].upidRaw == "weird-task")
        #expect(tasks[0].succeeded == false)
        #expect(tasks[1].succeeded == true)
        #expect(tasks[1].node == "pve1")
        #expect(tasks[1].startTime == Date(timeIntervalSince1970: 5))
    }

    @Test("the cluster log maps msg and pri")
    func clusterLog() throws {
        let log = try decode([ClusterLogEntry].self, "cluster-log.json")
        #expect(log.count == 2)
        #expect(log[0].message == "start")
        #expect(log[0].severity == .info)
        #expect(log[0].time == Date(timeIntervalSince1970: 1_700_000_000))
    }

    @Test("nodes read status and figures")
    func nodes() throws {
        let nodes = try decode([NodeSummary].self, "nodes.json")
        #expect(nodes.count == 4)
        #expect(nodes[0].node == "node1")
        #expect(nodes[0].status == .online)
        #expect(nodes[0].maxcpu == 12)
        let offline = try decode([NodeSummary].self, json: #"{"data":[{"node":"pve3","status":"offline"},{"node":"pve4","status":"frozen"}]}"#)
        #expect(offline[0].status == .offline)
        #expect(offline[0].maxmem == 0)
        #expect(offline[1].status == .unknown("frozen"))
    }

    @Test("node status reads memory, load averages given as strings, and versions")
    func nodeStatus() throws {
        let status = try decode(NodeStatus.self, "node-status.json")
        #expect(status.cpuCount == 8)
        #expect(status.memoryUsed == 2_147_483_648)
        #expect(status.memoryTotal == 8_589_934_592)
        #expect(status.loadAverage == [0.15, 0.25, 0.30])
        #expect(status.uptime == 86400)
        #expect(status.kernelVersion == "Linux 6.11.0-1-pve")
        #expect(status.pveVersion == "pve-manager/9.1-1/9a1b2c3d")
        #expect(status.rootTotal == 0)
    }

    @Test("node storages split their content list")
    func storages() throws {
        let storages = try decode([NodeStorage].self, "node-storage.json")
        #expect(storages.count == 2)
        #expect(storages[0].content == ["images", "rootdir", "vztmpl", "backup", "iso", "snippets"])
        #expect(storages[0].active == true)
        #expect(storages[0].enabled == true)
        #expect(storages[0].total == 60_000_000_000)
    }

    @Test("storage content derives the content type from the volume id when it is missing")
    func storageContent() throws {
        let items = try decode([StorageContentItem].self, "storage-content.json")
        #expect(items.count == 3)
        #expect(items[0].content == "iso")
        #expect(items[2].content == "backup")
        #expect(items[2].vmid == 100)
        #expect(items[2].ctime == Date(timeIntervalSince1970: 1_693_252_800))
    }

    @Test("guest lists take node and kind from the request")
    func guestList() throws {
        let guests = try decode([GuestSummary].self, "lxc-list.json", context: .init(node: "node1", kind: .lxc))
        #expect(guests.count == 3)
        #expect(guests[0].kind == .lxc)
        #expect(guests[0].node == "node1")
        #expect(guests[0].tags == ["prod", "web"])
        #expect(guests[2].tags.isEmpty)
        #expect(guests[1].status == .stopped)
    }

    @Test("QEMU status current reads the HA object and ignores the rest")
    func qemuStatus() throws {
        let status = try decode(GuestStatus.self, "qemu-status-current.json")
        #expect(status.vmid == 101)
        #expect(status.name == "matt")
        #expect(status.status == .running)
        #expect(status.qmpstatus == "running")
        #expect(status.cpus == 8)
        #expect(status.ha?.managed == false)
        let lxc = try decode(GuestStatus.self, "lxc-status-current.json")
        #expect(lxc.status == .stopped)
        #expect(lxc.tags == ["tag1", "tag2"])
    }

    @Test("guest config keeps every key as text and offers conveniences")
    func guestConfig() throws {
        let qemu = try decode(GuestConfig.self, "qemu-config.json")
        #expect(qemu.name == "matt")
        #expect(qemu.cores == 2)
        #expect(qemu.memory == 2048)
        #expect(qemu.tags == ["production", "webserver"])
        #expect(qemu.raw["vmid"] == "101")
        #expect(qemu.raw["scsi0"] == "local-lvm:vm-101-disk-0,size=32G")
        #expect(qemu.onboot == false)
        let lxc = try decode(GuestConfig.self, "lxc-config.json")
        #expect(lxc.name == "ct-test-2")
        #expect(lxc.hostname == "ct-test-2")
        let onboot = try decode(GuestConfig.self, json: #"{"data":{"onboot":1,"description":"hi\nthere","cores":"4"}}"#)
        #expect(onboot.onboot == true)
        #expect(onboot.cores == 4)
        #expect(onboot.description == "hi\nthere")
    }

    @Test("task status reads running, failed, and falls back to the UPID's start time")
    func taskStatus() throws {
        let running = try decode(TaskStatus.self, "task-status-running.json")
        #expect(running.status == .running)
        #expect(running.succeeded == nil)
        let failed = try decode(TaskStatus.self, "task-status-failed.json")
        #expect(failed.status == .stopped)
        #expect(failed.exitStatus == "some error occurred")
        #expect(failed.succeeded == false)
        let noStart = try decode(TaskStatus.self, "task-status-no-starttime.json")
        #expect(noStart.succeeded == true)
        #expect(noStart.startTime == noStart.upid.startTime)
        let weird = try decode(TaskStatus.self, json: #"{"data":{"status":"zombie","upid":"UPID:n:00000001:00000001:00000001:t::u@pam:"}}"#)
        #expect(weird.status == .unknown("zombie"))
    }

    @Test("task logs and power action answers decode")
    func taskLogAndPower() throws {
        let log = try decode([TaskLogLine].self, "task-log.json")
        #expect(log.count == 5)
        #expect(log[4] == TaskLogLine(n: 5, t: "task completed successfully"))
        let started = try decode(String.self, "qemu-start.json")
        #expect(UPID(started)?.type == "qmstart")
    }

    @Test("PVE error bodies give the message and the parameter errors")
    func errorMessages() {
        #expect(
            ProxmoxJSON.errorMessage(from: Data(#"{"data":null,"message":"VM 100 not running\n"}"#.utf8))
                == "VM 100 not running")
        #expect(
            ProxmoxJSON.errorMessage(
                from: Data(#"{"data":null,"message":"Parameter verification failed.","errors":{"vmid":"VM 200 already exists"}}"#.utf8))
                == "Parameter verification failed. vmid: VM 200 already exists")
        #expect(ProxmoxJSON.errorMessage(from: Data(#"{"data":null}"#.utf8)) == nil)
        #expect(ProxmoxJSON.errorMessage(from: Data("storage 'missing' does not exist".utf8)) == "storage 'missing' does not exist")
    }
}
