import Alerting
import Foundation
import NexBoard
import NexBoardCore
import NexBoardTesting
import Store
import TestScopes
import Testing

@Suite("Backup commands against the simulator", .serialized, .stopsWhatItStarts)
struct BackupCommandTests {
    @Test("backup run follows the task to the end and reports size and duration; backup list then shows the backup")
    func runThenList() async throws {
        let test = try await TestApplication.make()
        let guest = try await test.guest { $0.status == "running" }
        let (outcome, replies) = await test.send("backup run \(guest.vmid) --storage local")
        #expect(outcome == .ok)
        let done = try #require(await replies.last)
        #expect(done.title == "VM \(guest.vmid) (\(guest.name)) backed up" || done.title == "CT \(guest.vmid) (\(guest.name)) backed up")
        #expect(done.fields.contains { $0.name == "Size" })
        #expect(done.fields.contains { $0.name == "Duration" })
        #expect(await replies.transcript.contains { $0.contains("Backing up") }, "the reply shows progress first")
        let made = try #require(await test.cluster.createdBackupVolids().last)
        #expect(made.hasPrefix("local:backup/vzdump-"))

        let (_, list) = await test.send("backup list \(guest.vmid)")
        let table = try #require(await list.last?.table)
        #expect(table.headers.first == "backup")
        let newest = try #require(table.rows.first)
        #expect(newest[0].hasPrefix("local/"), "newest first: \(table.rows)")
        let audit = try await test.app.store.audit.recent(limit: 5, subject: TestApplication.admin.description, result: .ok)
        #expect(audit.contains { $0.command == "backup run" && $0.upid?.contains("vzdump") == true })
        await test.shutdown()
    }

    @Test("a backup that fails half way says so and shows the task log")
    func failedBackup() async throws {
        let test = try await TestApplication.make()
        await test.cluster.setStorageFull("local")
        let guest = try await test.guest { $0.status == "running" }
        let (outcome, replies) = await test.send("backup run \(guest.vmid) --storage local")
        #expect(outcome == .ok)
        let reply = try #require(await replies.last)
        #expect(reply.severity == .error)
        #expect(reply.text?.contains("No new backup was written") == true)
        #expect(reply.code?.contains("No space left on device") == true)
        await test.shutdown()
    }

    @Test("a backup to a storage that holds no backups, or to an unknown storage, is refused before anything starts")
    func badStorage() async throws {
        let test = try await TestApplication.make()
        let guest = try await test.guest { $0.status == "running" }
        let (outcome, replies) = await test.send("backup run \(guest.vmid) --storage local-lvm")
        #expect(outcome == .invalid)
        #expect(await replies.last?.text?.contains("does not hold backups") == true)
        let (unknown, typo) = await test.send("backup run \(guest.vmid) --storage pbs-stor")
        #expect(unknown == .invalid)
        #expect(await typo.last?.text?.contains("`pbs-store`") == true)
        #expect(await test.cluster.createdBackupVolids().isEmpty)
        await test.shutdown()
    }

    @Test("backup status lists guests without a recent backup and the jobs with their next run")
    func status() async throws {
        let test = try await TestApplication.make()
        #expect(await test.send("deploy ct debian-12-standard --name fresh --node pve1").outcome == .ok)
        let fresh = try #require(await test.cluster.guestSnapshots().first { $0.name == "fresh" })
        let (outcome, replies) = await test.send("backup status")
        #expect(outcome == .ok)
        let reply = try #require(await replies.last)
        #expect(reply.code?.contains("Nightly to PBS") == true)
        #expect(reply.code?.contains("Weekly local copy") == true)
        let missing = Set(reply.table?.rows.map { $0[0] } ?? [])
        let backedUp = try #require(await test.cluster.guestSnapshots().first { !$0.template })
        #expect(!missing.contains(String(backedUp.vmid)), "the generated guests have backups on pbs-store")
        #expect(missing == [String(fresh.vmid)], "a guest never backed up is listed")
        await test.shutdown()
    }

    @Test("the backup-missing alert counts backups that exist only as volumes or Backup Server snapshots, and agrees with backup status")
    func backupMissingReadsStoredBackups() async throws {
        let test = try await TestApplication.make()
        let poller = try #require(test.app.services.compactMap { $0 as? AlertPoller<AnyClock> }.first)
        let center = try #require(test.app.alertCenter)
        test.date.advance(by: -10 * 86_400)
        #expect(await test.send("deploy ct debian-12-standard --name fresh --node pve1").outcome == .ok)
        #expect(await test.send("deploy ct debian-12-standard --name synced --node pve1").outcome == .ok)
        let fresh = try #require(await test.cluster.guestSnapshots().first { $0.name == "fresh" })
        let synced = try #require(await test.cluster.guestSnapshots().first { $0.name == "synced" })
        await poller.pollOnce()
        // Ten days later, with a task log that names only a dozen guests: the rest were backed up to
        // pbs-store and the local storages, and `synced` was backed up elsewhere and synced to the Backup Server.
        await test.cluster.addSyncedSnapshot(vmid: synced.vmid, at: Date().addingTimeInterval(-86_400))
        test.date.advance(by: 10 * 86_400)
        await poller.pollOnce()
        let firing = try await center.activeAlerts().filter { $0.rule == "no-backup" && $0.machine.isFiring }.map(\.target.id)
        #expect(firing == [String(fresh.vmid)], "only the guest with no backup anywhere: \(firing)")
        let (_, status) = await test.send("backup status --days 3")
        #expect(await status.last?.table?.rows.map { $0[0] } == firing, "backup status and the rule agree")
        await test.shutdown()
    }

    @Test("backup restore goes to the next free VMID by default, after one confirmation, and the guest exists")
    func restoreToNewVMID() async throws {
        let test = try await TestApplication.make()
        let original = try #require(await test.cluster.guestSnapshots().first { !$0.template })
        let before = await test.cluster.guestCount
        let (asked, question) = await test.send("backup restore \(original.vmid) latest")
        #expect(asked == .awaitingConfirmation)
        let (named, kind, reference) = try Self.restoreTarget(await question.last?.title)
        let (outcome, replies) = try #require(await test.press("confirm", in: question))
        #expect(outcome == .ok)
        let done = try #require(await replies.last)
        #expect(done.severity == .success, "\(done.title ?? "") \(done.text ?? "")")
        #expect(done.title == "\(reference) restored as \(kind) \(named)")
        #expect(await test.cluster.guestCount == before + 1)
        let restored = try #require(await test.cluster.guestSnapshot(vmid: named))
        #expect(restored.name == original.name)
        await test.shutdown()
    }

    @Test("Confirm restores the backup the question named, even when a newer one was made meanwhile")
    func confirmKeepsTheNamedBackup() async throws {
        let test = try await TestApplication.make()
        let original = try #require(await test.cluster.guestSnapshots().first { !$0.template && $0.status == "running" })
        let (_, question) = await test.send("backup restore \(original.vmid) latest")
        let (named, _, reference) = try Self.restoreTarget(await question.last?.title)
        #expect(await test.send("backup run \(original.vmid) --storage local").outcome == .ok)
        let (_, list) = await test.send("backup list \(original.vmid)")
        #expect(await list.last?.table?.rows.first?[0] != reference, "a newer backup is now the latest")
        let (outcome, replies) = try #require(await test.press("confirm", in: question))
        #expect(outcome == .ok)
        let done = await replies.last?.title ?? ""
        #expect(done.hasPrefix("\(reference) restored as"), "\(done)")
        #expect(await test.cluster.guestSnapshot(vmid: named)?.name == original.name)
        await test.shutdown()
    }

    @Test("a VMID another guest took between the question and Confirm is refused clearly, and nothing is restored")
    func namedVMIDTakenMeanwhile() async throws {
        let test = try await TestApplication.make()
        let original = try #require(await test.cluster.guestSnapshots().first { !$0.template })
        let (_, question) = await test.send("backup restore \(original.vmid) latest")
        let (named, kind, _) = try Self.restoreTarget(await question.last?.title)
        #expect(await test.send("deploy ct debian-12-standard --name intruder --node pve1").outcome == .ok)
        #expect(await test.cluster.guestSnapshot(vmid: named)?.name == "intruder", "the deploy took the VMID the question named")
        let before = await test.cluster.guestSnapshots().map { "\($0.vmid) \($0.name)" }
        let (outcome, replies) = try #require(await test.press("confirm", in: question))
        #expect(outcome == .invalid)
        #expect(await replies.last?.text == "\(kind) \(named) was taken meanwhile; run the restore again. Nothing was restored.")
        #expect(await test.cluster.guestSnapshots().map { "\($0.vmid) \($0.name)" } == before, "no guest created, none changed")
        #expect(await test.cluster.guestSnapshot(vmid: named)?.name == "intruder")
        await test.shutdown()
    }

    /// The VMID, its kind and the backup a restore question names: "Restore the backup of … (pbs-store/…) as new VM 125 on pve1".
    private static func restoreTarget(_ title: String?) throws -> (vmid: Int, kind: String, reference: String) {
        let match = try #require(title?.firstMatch(of: #/\((\S+)\) as new (VM|CT) (\d+) on /#), "\(title ?? "no question")")
        return (try #require(Int(match.output.3)), String(match.output.2), String(match.output.1))
    }

    @Test("an overwriting restore needs two confirmations, both by the same user")
    func overwriteNeedsTwoConfirmations() async throws {
        let restorer = Subject(kind: "slack", identifier: "URESTORE1")
        let other = Subject(kind: "slack", identifier: "UOTHER001")
        var bindings = TestApplication.defaultBindings()
        bindings.append(BindingConfig(role: "admin", subjects: [restorer, other]))
        let test = try await TestApplication.make(bindings: bindings)
        let guest = try #require(await test.cluster.guestSnapshots().first { !$0.template && $0.status == "stopped" })
        let (asked, question) = await test.send("backup restore \(guest.vmid) latest --overwrite", as: restorer)
        #expect(asked == .awaitingConfirmation)
        let (first, second) = try #require(await test.press("confirm", in: question, as: restorer))
        #expect(first == .awaitingConfirmation, "the first Confirm asks again")
        #expect(await second.last?.title?.hasPrefix("Overwrite") == true)
        #expect(try #require(await test.press("confirm", in: second, as: other)).outcome == .denied, "another user cannot give the second confirmation")
        let (done, replies) = try #require(await test.press("confirm", in: second, as: restorer))
        #expect(done == .ok)
        #expect(await replies.last?.severity == .success)
        #expect(await test.cluster.guestSnapshot(vmid: guest.vmid) != nil)
        await test.shutdown()
    }

    @Test("an overwriting restore of a running guest is refused: stop it first")
    func overwriteRunning() async throws {
        let test = try await TestApplication.make()
        let guest = try await test.guest { $0.status == "running" }
        let (outcome, replies) = await test.send("backup restore \(guest.vmid) latest --overwrite")
        #expect(outcome == .invalid)
        #expect(await replies.last?.text?.contains("Stop it first") == true)
        await test.shutdown()
    }

    @Test("an unknown backup is answered with suggestions, and a backup of another guest is refused")
    func badBackups() async throws {
        let test = try await TestApplication.make()
        let guests = await test.cluster.guestSnapshots().filter { !$0.template }
        let (_, list) = await test.send("backup list \(guests[0].vmid)")
        let reference = try #require(await list.last?.table?.rows.first?[0])
        let typo = String(reference.dropLast()) + "9"
        let (unknown, replies) = await test.send("backup restore \(guests[0].vmid) \(typo)")
        #expect(unknown == .invalid)
        #expect(await replies.last?.text?.contains("has no backup") == true)
        let foreign = "pbs-store:backup/vm/\(guests[1].vmid)/2026-11-30T02:00:00Z"
        let (other, refusal) = await test.send("backup restore \(guests[0].vmid) \(foreign)")
        #expect(other == .invalid)
        #expect(await refusal.last?.text?.contains("is not a backup of") == true)
        await test.shutdown()
    }

    @Test("a restore to a VMID in use is refused before asking")
    func vmidInUse() async throws {
        let test = try await TestApplication.make()
        let guests = await test.cluster.guestSnapshots().filter { !$0.template }
        let (outcome, replies) = await test.send("backup restore \(guests[0].vmid) latest --vmid \(guests[1].vmid)")
        #expect(outcome == .invalid)
        #expect(await replies.last?.text?.contains("is in use") == true)
        await test.shutdown()
    }

    @Test("a lab operator may back up a lab guest but not list another guest's backups")
    func scoped() async throws {
        let test = try await TestApplication.make()
        let lab = try await test.guest { $0.tags.contains("lab") }
        let outside = try await test.guest { !$0.tags.contains("lab") }
        #expect(await test.send("backup list \(outside.vmid)", as: TestApplication.labOperator).outcome == .denied)
        let (_, list) = await test.send("backup list", as: TestApplication.labOperator)
        let shown = Set(await list.last?.table?.rows.map { String($0[0].split(separator: " ")[0]) } ?? [])
        #expect(!shown.contains(String(outside.vmid)))
        #expect(await test.send("backup run \(lab.vmid) --storage local", as: TestApplication.labOperator).outcome == .ok)
        #expect(await test.send("backup restore \(lab.vmid) latest", as: TestApplication.labOperator).outcome == .denied)
        await test.shutdown()
    }

    @Test("backup list shows PVE storages and the Backup Server in one list: matched snapshots once, PBS-only ones marked")
    func backupServerMatching() async throws {
        let test = try await TestApplication.make()
        let first = try #require(await test.cluster.guestSnapshots().first { !$0.template })
        let (_, replies) = await test.send("backup list \(first.vmid)")
        let rows = try #require(await replies.last?.table?.rows)
        let onPVE = rows.filter { $0[0].hasPrefix("pbs-store/") }
        let onlyOnServer = rows.filter { $0[0].hasPrefix("pbs:store1/") }
        #expect(onPVE.count == 3, "\(rows)")
        #expect(onPVE.allSatisfy { $0[3] == "ok" }, "verification comes from PBS")
        #expect(onlyOnServer.count == 1, "the synced monthly snapshot shows once")
        #expect(Set(rows.map { $0[0] }).count == rows.count, "no duplicates")
        let (refused, why) = await test.send("backup restore \(first.vmid) \(onlyOnServer[0][0])")
        #expect(refused == .invalid)
        #expect(await why.last?.text?.contains("only on the Proxmox Backup Server") == true)
        await test.shutdown()
    }

    @Test("with the Backup Server down, backup list still shows PVE's backups and says why the rest is missing")
    func backupServerDown() async throws {
        let test = try await TestApplication.make()
        await test.cluster.injectError(status: 503, message: "Service Unavailable", pathContains: "pbs:", count: 20)
        let first = try #require(await test.cluster.guestSnapshots().first { !$0.template })
        let (outcome, replies) = await test.send("backup list \(first.vmid)")
        #expect(outcome == .ok)
        let reply = try #require(await replies.last)
        #expect(reply.footer?.contains("Proxmox Backup Server could not be read") == true, "\(reply.footer ?? "")")
        #expect(reply.table?.rows.contains { $0[0].hasPrefix("pbs-store/") } == true)
        let (_, status) = await test.send("backup status")
        #expect(await status.last?.code?.contains("Proxmox Backup Server: could not be read") == true)
        await test.shutdown()
    }

    @Test("backup status reports the Backup Server's datastore, garbage collection and jobs")
    func backupServerStatus() async throws {
        let test = try await TestApplication.make()
        let (_, replies) = await test.send("backup status")
        let code = try #require(await replies.last?.code)
        #expect(code.contains("datastore store1"))
        #expect(code.contains("garbage collection store1"))
        #expect(code.contains("verify store1"))
        await test.shutdown()
    }

    @Test("protect and notes change a backup, and backup list shows it")
    func protectAndNotes() async throws {
        let test = try await TestApplication.make()
        let first = try #require(await test.cluster.guestSnapshots().first { !$0.template })
        #expect(await test.send("backup protect \(first.vmid) latest").outcome == .ok)
        #expect(await test.send("backup notes \(first.vmid) latest before the upgrade").outcome == .ok)
        let (_, list) = await test.send("backup list \(first.vmid)")
        let newest = try #require(await list.last?.table?.rows.first)
        #expect(newest[4] == "yes")
        #expect(newest[5] == "before the upgrade")
        await test.shutdown()
    }
}
