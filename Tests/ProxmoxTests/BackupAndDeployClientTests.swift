import Foundation
import NexBoardCore
import ProxmoxSimulator
import Testing

@testable import Proxmox

@Suite("Backups, restores, clones and creations against the simulator over real HTTP")
struct BackupAndDeployClientTests {
    @Test("vzdump writes a backup that the storage content lists, with its notes and protection")
    func backupRun() async throws {
        try await SimulatorHarness.with { sim in
            let guest = try await sim.guest(kind: .qemu, status: "running")
            let node = try #require(guest.node)
            let upid = try await sim.client.startBackup(
                node: node, options: BackupOptions(vmid: try #require(guest.vmid), storage: "local", compress: "zstd",
                                                   notesTemplate: "{{guestname}} by test", protected: true))
            #expect(upid.type == "vzdump")
            let final = try await sim.client.waitForTask(upid, pollInterval: .milliseconds(50))
            #expect(final.succeeded == true)
            let log = try await sim.client.taskLog(upid).map(\.t)
            #expect(log.contains { $0.hasPrefix("INFO: 100%") })
            let backups = try await sim.client.storageContent(node: node, storage: "local", content: "backup")
            let made = try #require(backups.first { $0.volid == (log.first { $0.hasPrefix("INFO: creating archive") }.map { String($0.split(separator: "'")[1]) }) })
            #expect(made.vmid == guest.vmid)
            #expect(made.protected)
            #expect(made.notes == "\(guest.name ?? "") by test")
            #expect(made.volid.hasSuffix(".vma.zst"))
        }
    }

    @Test("storage content asked for one guest holds that guest's volumes only, the same as in the whole list")
    func oneGuestsContent() async throws {
        try await SimulatorHarness.with { sim in
            let all = try await sim.client.storageContent(node: "pve1", storage: "pbs-store", content: "backup")
            let vmid = try #require(all.first?.vmid)
            let own = try await sim.client.storageContent(node: "pve1", storage: "pbs-store", content: "backup", vmid: vmid)
            #expect(!own.isEmpty)
            #expect(own == all.filter { $0.vmid == vmid })
        }
    }

    @Test("a backup to a storage that holds no backups is refused, as PVE does")
    func wrongStorage() async throws {
        try await SimulatorHarness.with { sim in
            let guest = try await sim.guest(kind: .qemu, status: "running")
            await #expect(throws: ProxmoxError.self) {
                _ = try await sim.client.startBackup(node: guest.node!, options: BackupOptions(vmid: guest.vmid!, storage: "local-lvm"))
            }
        }
    }

    @Test("a backup to a full storage ends with job errors and writes nothing")
    func storageFull() async throws {
        try await SimulatorHarness.with { sim in
            await sim.cluster.setStorageFull("local")
            let guest = try await sim.guest(kind: .lxc, status: "running")
            let upid = try await sim.client.startBackup(node: guest.node!, options: BackupOptions(vmid: guest.vmid!, storage: "local"))
            let final = try await sim.client.waitForTask(upid, pollInterval: .milliseconds(50))
            #expect(final.succeeded == false)
            #expect(final.exitStatus == "job errors")
            #expect(try await sim.client.taskLog(upid).contains { $0.t.contains("No space left on device") })
            #expect(await sim.cluster.createdBackupVolids().isEmpty)
        }
    }

    @Test("backup jobs decode with schedule, storage and next run")
    func jobs() async throws {
        try await SimulatorHarness.with { sim in
            let jobs = try await sim.client.backupJobs()
            #expect(jobs.count == 2)
            #expect(jobs.allSatisfy { $0.schedule != nil && ($0.nextRun ?? .distantPast) > Date() })
            #expect(jobs.contains { $0.all && $0.storage == "pbs-store" })
        }
    }

    @Test("notes and protection of a backup can be changed")
    func editBackup() async throws {
        try await SimulatorHarness.with { sim in
            let backup = try #require(try await sim.client.storageContent(node: "pve1", storage: "pbs-store", content: "backup").first)
            try await sim.client.updateBackup(node: "pve1", volid: backup.volid, notes: "keep me", protected: true)
            let after = try #require(try await sim.client.storageContent(node: "pve1", storage: "pbs-store", content: "backup")
                .first { $0.volid == backup.volid })
            #expect(after.notes == "keep me")
            #expect(after.protected)
            #expect(after.verificationState == "ok")
        }
    }

    @Test("a VM backup restores to the next free VMID and the guest exists")
    func restore() async throws {
        try await SimulatorHarness.with { sim in
            let backups = try await sim.client.storageContent(node: "pve1", storage: "pbs-store", content: "backup")
            let backup = try #require(backups.first { $0.subtype == "qemu" })
            let vmid = try await sim.client.nextVMID()
            #expect(vmid >= 100)
            let original = try #require(try await sim.client.clusterResources(type: .vm).first { $0.vmid == backup.vmid })
            let upid = try await sim.client.restore(node: "pve1", options: RestoreOptions(kind: .qemu, vmid: vmid, archive: backup.volid, unique: true))
            #expect(try await sim.client.waitForTask(upid, pollInterval: .milliseconds(50)).succeeded == true)
            let restored = try #require(try await sim.client.clusterResources(type: .vm).first { $0.vmid == vmid })
            #expect(restored.name == original.name)
            #expect(restored.node == "pve1")
            #expect(try await sim.client.nextVMID() != vmid)
        }
    }

    @Test("a restore onto a VMID in use is refused without overwrite, and a container backup does not restore as a VM")
    func restoreRefusals() async throws {
        try await SimulatorHarness.with { sim in
            let backups = try await sim.client.storageContent(node: "pve1", storage: "pbs-store", content: "backup")
            let vmBackup = try #require(backups.first { $0.subtype == "qemu" })
            let ctBackup = try #require(backups.first { $0.subtype == "lxc" })
            let inUse = try #require(vmBackup.vmid)
            await #expect(throws: ProxmoxError.self) {
                _ = try await sim.client.restore(node: "pve1", options: RestoreOptions(kind: .qemu, vmid: inUse, archive: vmBackup.volid))
            }
            await #expect(throws: ProxmoxError.self) {
                _ = try await sim.client.restore(node: "pve1", options: RestoreOptions(kind: .qemu, vmid: 9_000, archive: ctBackup.volid))
            }
            await #expect(throws: ProxmoxError.self) {
                _ = try await sim.client.restore(node: "pve1", options: RestoreOptions(kind: .qemu, vmid: 9_001, archive: "pbs-store:backup/vm/1/nope"))
            }
        }
    }

    @Test("a template clones to a new VM, is configured and starts")
    func cloneConfigureStart() async throws {
        try await SimulatorHarness.with { sim in
            let template = try #require(try await sim.client.clusterResources(type: .vm).first { $0.template && $0.guestKind == .qemu })
            let node = try #require(template.node)
            let vmid = try await sim.client.nextVMID()
            let upid = try await sim.client.cloneVM(node: node, vmid: template.vmid!, options: CloneOptions(newID: vmid, name: "web03"))
            #expect(try await sim.client.waitForTask(upid, pollInterval: .milliseconds(50)).succeeded == true)
            let configTask = try await sim.client.configureGuest(node: node, kind: .qemu, vmid: vmid,
                                                                 settings: [("cores", "4"), ("memory", "4096"), ("ciuser", "ops"), ("ipconfig0", "ip=dhcp")])
            #expect(configTask != nil)
            let config = try await sim.client.guestConfig(node: node, kind: .qemu, vmid: vmid)
            #expect(config.cores == 4)
            #expect(config.raw["ciuser"] == "ops")
            let start = try await sim.client.powerAction(.start, node: node, kind: .qemu, vmid: vmid)
            #expect(try await sim.client.waitForTask(start, pollInterval: .milliseconds(50)).succeeded == true)
            #expect(await sim.cluster.guestSnapshot(vmid: vmid)?.status == "running")
        }
    }

    @Test("a container is created from a downloaded appliance template")
    func containerFromAppliance() async throws {
        try await SimulatorHarness.with { sim in
            let appliances = try await sim.client.applianceTemplates(node: "pve2")
            let debian13 = try #require(appliances.first { $0.package == "debian-13-standard" })
            let download = try await sim.client.downloadAppliance(node: "pve2", storage: "local", template: debian13.template)
            #expect(try await sim.client.waitForTask(download, pollInterval: .milliseconds(50)).succeeded == true)
            let templates = try await sim.client.storageContent(node: "pve2", storage: "local", content: "vztmpl")
            #expect(templates.contains { $0.volid == "local:vztmpl/\(debian13.template)" })
            let vmid = try await sim.client.nextVMID()
            let create = try await sim.client.createContainer(node: "pve2", options: ContainerOptions(
                vmid: vmid, hostname: "dns02", template: "local:vztmpl/\(debian13.template)", cores: 1, memoryMiB: 512,
                rootSizeGiB: 8, rootStorage: "local-lvm", start: true))
            #expect(try await sim.client.waitForTask(create, pollInterval: .milliseconds(50)).succeeded == true)
            let snapshot = try #require(await sim.cluster.guestSnapshot(vmid: vmid))
            #expect(snapshot.name == "dns02")
            #expect(snapshot.status == "running")
        }
    }

    @Test("a container from a missing template or with an invalid hostname is refused")
    func containerRefusals() async throws {
        try await SimulatorHarness.with { sim in
            await #expect(throws: ProxmoxError.self) {
                _ = try await sim.client.createContainer(node: "pve1", options: ContainerOptions(
                    vmid: 9_100, hostname: "ok", template: "local:vztmpl/missing.tar.zst", cores: 1, memoryMiB: 512, rootSizeGiB: 8, rootStorage: "local-lvm"))
            }
            await #expect(throws: ProxmoxError.self) {
                _ = try await sim.client.createContainer(node: "pve1", options: ContainerOptions(
                    vmid: 9_101, hostname: "not_a_name", template: "local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst", cores: 1,
                    memoryMiB: 512, rootSizeGiB: 8, rootStorage: "local-lvm"))
            }
        }
    }

    @Test("a container backup restores through POST /nodes/{node}/lxc with restore=1, and can start at once")
    func containerRestore() async throws {
        try await SimulatorHarness.with { sim in
            let backups = try await sim.client.storageContent(node: "pve1", storage: "pbs-store", content: "backup")
            let backup = try #require(backups.first { $0.subtype == "lxc" })
            let vmid = try await sim.client.nextVMID()
            let upid = try await sim.client.restore(node: "pve1", options: RestoreOptions(kind: .lxc, vmid: vmid, archive: backup.volid,
                                                                                        storage: "local-lvm", unique: true, start: true))
            #expect(upid.type == "vzrestore")
            #expect(try await sim.client.waitForTask(upid, pollInterval: .milliseconds(50)).succeeded == true)
            #expect(await sim.cluster.guestSnapshot(vmid: vmid)?.status == "running")
        }
    }

    @Test("a restore whose task fails removes the guest it created, as PVE's cleanup does")
    func failedRestoreCleansUp() async throws {
        // Long enough that a loaded machine still sees the restore running.
        try await SimulatorHarness.with(taskDuration: .seconds(3)) { sim in
            let backup = try #require(try await sim.client.storageContent(node: "pve1", storage: "pbs-store", content: "backup")
                .first { $0.subtype == "qemu" })
            let vmid = try await sim.client.nextVMID()
            await sim.cluster.failNextTask(vmid: vmid, message: "unable to restore VM \(vmid) - command 'vma extract' failed: exit code 133")
            let upid = try await sim.client.restore(node: "pve1", options: RestoreOptions(kind: .qemu, vmid: vmid, archive: backup.volid))
            #expect(await sim.cluster.guestSnapshot(vmid: vmid) != nil, "the config exists while the restore runs")
            #expect(try await sim.client.waitForTask(upid, pollInterval: .milliseconds(50)).succeeded == false)
            #expect(await sim.cluster.guestSnapshot(vmid: vmid) == nil)
        }
    }
}
