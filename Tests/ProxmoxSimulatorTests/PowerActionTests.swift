import Foundation
import Testing
@testable import ProxmoxSimulator

@Suite("Power actions and tasks")
struct PowerActionTests {
    @Test("starting a stopped VM runs a task that ends OK and leaves the VM running")
    func startStoppedVM() async throws {
        try await SimulatorHarness.with(.init(taskDuration: .seconds(3))) { sim in
            let vm = try await sim.firstGuest(type: "qemu", status: "stopped")
            let reply = try await sim.request(.POST, "/nodes/\(vm.node)/qemu/\(vm.vmid)/status/start")
            #expect(reply.status == 200)
            let upid = try #require(reply.data as? String)
            #expect(upid.wholeMatch(of: /UPID:pve\d+:[0-9A-F]{8}:[0-9A-F]{8}:[0-9A-F]{8}:qmstart:\d+:root@pam!nexboard:/) != nil)

            let running = try await sim.request(.GET, "/nodes/\(vm.node)/tasks/\(upid)/status").object
            #expect(running["status"] as? String == "running")
            #expect(running["exitstatus"] == nil)
            #expect(running["type"] as? String == "qmstart")
            #expect(running["id"] as? String == String(vm.vmid))
            let active = try await sim.request(.GET, "/nodes/\(vm.node)/tasks?source=active").list
            #expect(active.contains("upid", upid))

            let finished = try await sim.waitForTask(node: vm.node, upid: upid)
            #expect(finished["exitstatus"] as? String == "OK")
            let log = try await sim.request(.GET, "/nodes/\(vm.node)/tasks/\(upid)/log").list
            #expect(log.last?["t"] as? String == "TASK OK")
            let current = try await sim.request(.GET, "/nodes/\(vm.node)/qemu/\(vm.vmid)/status/current").object
            #expect(current["status"] as? String == "running")
            let clusterTasks = try await sim.request(.GET, "/cluster/tasks").list
            let listed = try #require(clusterTasks.first("upid", upid))
            #expect(listed["status"] as? String == "OK")
            #expect(listed["endtime"] is Int)
            #expect(await sim.cluster.guestSnapshot(vmid: vm.vmid)?.status == "running")
        }
    }

    @Test("starting a running VM ends the task with 'already running'")
    func startRunningVM() async throws {
        try await SimulatorHarness.with { sim in
            let vm = try await sim.firstGuest(type: "qemu", status: "running")
            let upid = try #require(try await sim.request(.POST, "/nodes/\(vm.node)/qemu/\(vm.vmid)/status/start").data as? String)
            let finished = try await sim.waitForTask(node: vm.node, upid: upid)
            #expect(finished["exitstatus"] as? String == "VM \(vm.vmid) already running")
            let log = try await sim.request(.GET, "/nodes/\(vm.node)/tasks/\(upid)/log").list
            #expect(log.last?["t"] as? String == "TASK ERROR: VM \(vm.vmid) already running")
            let errors = try await sim.request(.GET, "/nodes/\(vm.node)/tasks?errors=1&source=all").list
            #expect(errors.contains("upid", upid))
        }
    }

    @Test("a container can be shut down, started, suspended and resumed")
    func containerLifecycle() async throws {
        try await SimulatorHarness.with { sim in
            let ct = try await sim.firstGuest(type: "lxc", status: "running")
            for (action, expected) in [("suspend", "paused"), ("resume", "running"), ("shutdown", "stopped"), ("start", "running")] {
                let upid = try #require(try await sim.request(.POST, "/nodes/\(ct.node)/lxc/\(ct.vmid)/status/\(action)").data as? String)
                #expect(upid.contains(":vz\(action):\(ct.vmid):"))
                let finished = try await sim.waitForTask(node: ct.node, upid: upid)
                #expect(finished["exitstatus"] as? String == "OK", "\(action)")
                #expect(await sim.cluster.guestSnapshot(vmid: ct.vmid)?.status == expected, "\(action)")
            }
        }
    }

    @Test("a qemu config PUT sets tags and description and answers null; a POST answers a UPID")
    func configUpdate() async throws {
        try await SimulatorHarness.with { sim in
            let vm = try await sim.firstGuest(type: "qemu")
            let put = try await sim.request(.PUT, "/nodes/\(vm.node)/qemu/\(vm.vmid)/config", form: ["tags": "prod;critical", "description": "hello"])
            #expect(put.status == 200)
            #expect(put.data is NSNull)
            let config = try await sim.request(.GET, "/nodes/\(vm.node)/qemu/\(vm.vmid)/config").object
            #expect(config["tags"] as? String == "prod;critical")
            #expect(config["description"] as? String == "hello")
            #expect(await sim.cluster.guestSnapshot(vmid: vm.vmid)?.tags == ["prod", "critical"])
            let post = try await sim.request(.POST, "/nodes/\(vm.node)/qemu/\(vm.vmid)/config", json: #"{"delete":"tags"}"#)
            #expect((post.data as? String)?.contains(":qmconfig:") == true)
            #expect(await sim.cluster.guestSnapshot(vmid: vm.vmid)?.tags == [])
            let badTag = try await sim.request(.PUT, "/nodes/\(vm.node)/qemu/\(vm.vmid)/config", form: ["tags": "ok;-bad"])
            #expect(badTag.status == 400)
        }
    }

    @Test("a VM on an offline node cannot be started")
    func offlineNodeAction() async throws {
        try await SimulatorHarness.with { sim in
            let vm = try await sim.firstGuest(type: "qemu")
            await sim.cluster.setNodeOnline(vm.node, false)
            let reply = try await sim.request(.POST, "/nodes/\(vm.node)/qemu/\(vm.vmid)/status/start")
            #expect(reply.status == 595)
        }
    }

    @Test("a backup's log counts the disk read up to the whole disk, in seconds since the task began")
    func backupProgressLog() async throws {
        try await SimulatorHarness.with(.init(taskDuration: .seconds(2))) { sim in
            let vm = try await sim.firstGuest(type: "qemu", status: "running")
            let upid = try #require(try await sim.request(.POST, "/nodes/\(vm.node)/vzdump",
                                                          form: ["vmid": String(vm.vmid), "storage": "local"]).data as? String)
            _ = try await sim.waitForTask(node: vm.node, upid: upid)
            let log = try await sim.request(.GET, "/nodes/\(vm.node)/tasks/\(upid)/log").list.compactMap { $0["t"] as? String }
            let progress = log.filter { $0.contains("% (") }
            #expect(progress.count == 4, "\(log)")
            // Four steps over the task's 4 s: the whole disk is read at the end, after 4 s.
            let last = try #require(progress.last)
            #expect(last.wholeMatch(of: /INFO: 100% \((\d+\.\d GiB) of \1\) in 4s, .*/) != nil, "\(last)")
        }
    }

    @Test("UPIDs follow the PVE format and parse back")
    func upidFormat() {
        let upid = UPID(node: "pve1", pid: 69012, pstart: 1_877_738, starttime: 1_629_807_033, type: "vzdump", id: "100", user: "root@pam")
        #expect(upid.description == "UPID:pve1:00010D94:001CA6EA:6124E1B9:vzdump:100:root@pam:")
        let parsed = UPID(parsing: "UPID:node:000CFC5C:03E8D0C3:6194806C:aptupdate::root@pam:")
        #expect(parsed?.pid == 851_036)
        #expect(parsed?.pstart == 65_589_443)
        #expect(parsed?.starttime == 1_637_122_156)
        #expect(parsed?.id == "")
        #expect(UPID(parsing: "not-a-upid") == nil)
    }
}
