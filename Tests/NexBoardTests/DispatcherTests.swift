import Foundation
import NexBoard
import NexBoardCore
import NexBoardTesting
import Store
import TestScopes
import Testing

@Suite("Commands against the simulated cluster", .serialized, .stopsWhatItStarts)
struct DispatcherTests {
    @Test("vm list shows the simulated guests with their real states")
    func vmList() async throws {
        let test = try await TestApplication.make()
        let guests = await test.simulatedGuests()
        let (outcome, replies) = await test.send("vm list")
        #expect(outcome == .ok)
        let message = try #require(await replies.last)
        let table = try #require(message.table)
        #expect(table.rows.count == guests.count)
        for guest in guests {
            let row = try #require(table.rows.first { $0[0] == String(guest.vmid) })
            #expect(row[1] == guest.name)
            #expect(row[4].hasPrefix(guest.status))
        }
        await test.shutdown()
    }

    @Test("vm list filters by tag and status")
    func vmListFilters() async throws {
        let test = try await TestApplication.make()
        let guests = await test.simulatedGuests()
        let (_, replies) = await test.send("vm list --tag lab --status running")
        let rows = await replies.last?.table?.rows ?? []
        let expected = guests.filter { $0.tags.contains("lab") && $0.status == "running" }
        #expect(Set(rows.map { $0[0] }) == Set(expected.map { String($0.vmid) }))
        await test.shutdown()
    }

    @Test("a stop asks first, then follows the task until the guest is stopped")
    func stopWithConfirmation() async throws {
        let test = try await TestApplication.make()
        let guest = try await test.guest { $0.status == "running" }
        let (asked, replies) = await test.send("vm stop \(guest.name)")
        #expect(asked == .awaitingConfirmation)
        #expect(await test.cluster.guestSnapshot(vmid: guest.vmid)?.status == "running")
        let question = try #require(await replies.last)
        #expect(question.title?.contains("Stop") == true)
        #expect(question.buttons.map(\.label) == ["Confirm", "Cancel"])

        let pressed = try #require(await test.press("confirm", in: replies))
        #expect(pressed.outcome == .ok)
        let final = try #require(await replies.last)
        #expect(final.severity == .success, "\(final)")
        #expect(final.title?.contains("stopped") == true)
        #expect(await test.cluster.guestSnapshot(vmid: guest.vmid)?.status == "stopped")
        // The question was edited into progress, then into the result: the same message each time.
        let entries = await replies.entries
        let edits = entries.filter(\.edited)
        #expect(edits.allSatisfy { $0.handle == entries.first?.handle })
        let progress = try #require(edits.first, "the question was never edited")
        #expect(progress.message.severity == .pending, "\(progress.message)")
        #expect(progress.message.title?.hasPrefix("Stopping ") == true, "\(progress.message)")
        #expect(progress.message.title?.hasSuffix("(\(guest.name)) on \(guest.node)…") == true, "\(progress.message)")
        #expect(edits.count >= 2, "a progress edit before the result")
        #expect(edits.last?.message == final)

        let audit = try await test.app.store.audit.recent(limit: 10, subject: nil, result: nil)
        let entry = try #require(audit.first { $0.command == "vm stop" && $0.result == .ok })
        #expect(entry.upid?.hasPrefix("UPID:") == true)
        #expect(entry.target?.contains(String(guest.vmid)) == true)
        await test.shutdown()
    }

    @Test("a start does not ask and reports how the task ended")
    func startWithoutConfirmation() async throws {
        let test = try await TestApplication.make()
        let guest = try await test.guest { $0.status == "stopped" }
        let (outcome, replies) = await test.send("vm start \(guest.vmid)")
        #expect(outcome == .ok)
        #expect(await replies.last?.severity == .success)
        #expect(await test.cluster.guestSnapshot(vmid: guest.vmid)?.status == "running")
        await test.shutdown()
    }

    @Test("a failing task is reported with its exit status")
    func failedTask() async throws {
        let test = try await TestApplication.make()
        let guest = try await test.guest { $0.status == "stopped" }
        await test.cluster.failNextTask(vmid: guest.vmid, message: "disk image is locked")
        let (outcome, replies) = await test.send("vm start \(guest.vmid)")
        #expect(outcome == .ok)
        let final = try #require(await replies.last)
        #expect(final.severity == .error)
        #expect(final.text?.contains("disk image is locked") == true, "\(final)")
        await test.shutdown()
    }

    @Test("cancel does nothing and says so")
    func cancel() async throws {
        let test = try await TestApplication.make()
        let guest = try await test.guest { $0.status == "running" }
        let (_, replies) = await test.send("vm reboot \(guest.vmid)")
        let pressed = try #require(await test.press("cancel", in: replies))
        #expect(pressed.outcome == .ok)
        #expect(await replies.last?.title == "Cancelled")
        #expect(await test.cluster.guestSnapshot(vmid: guest.vmid)?.status == "running")
        await test.shutdown()
    }

    @Test("a confirmation is single use, only for its requester, and expires")
    func confirmationRules() async throws {
        let test = try await TestApplication.make()
        let running = await test.simulatedGuests().filter { $0.status == "running" }
        try #require(running.count >= 3)

        // Used twice.
        let (_, first) = await test.send("vm stop \(running[0].vmid)")
        #expect(try #require(await test.press("confirm", in: first)).outcome == .ok)
        let again = try #require(await test.press("confirm", in: first))
        #expect(again.outcome == .invalid)
        #expect(await first.last?.text?.contains("already used") == true)

        // Another user presses.
        let (_, second) = await test.send("vm stop \(running[1].vmid)")
        let stranger = try #require(await test.press("confirm", in: second, as: TestApplication.viewer))
        #expect(stranger.outcome == .denied)
        #expect(await second.last?.visibility == .requester)
        #expect(await test.cluster.guestSnapshot(vmid: running[1].vmid)?.status == "running")
        // The requester still can.
        #expect(try #require(await test.press("confirm", in: second)).outcome == .ok)

        // After expiry.
        let (_, third) = await test.send("vm stop \(running[2].vmid)")
        test.date.advance(by: 61)
        let late = try #require(await test.press("confirm", in: third))
        #expect(late.outcome == .invalid)
        #expect(await third.last?.text?.contains("expired") == true)
        #expect(await test.cluster.guestSnapshot(vmid: running[2].vmid)?.status == "running")
        await test.shutdown()
    }

    @Test("a confirmation survives a restart and stays single use")
    func confirmationAcrossRestart() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("nexboard-restart-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let before = try await TestApplication.make(dataDirectory: folder)
        let guest = try await before.guest { $0.status == "running" }
        let (_, replies) = await before.send("vm stop \(guest.vmid)")
        let (handle, buttons) = try #require(await replies.lastButtons)
        let confirm = try #require(buttons.first { $0.command.hasPrefix("confirm") })
        await before.shutdown()

        let after = try await TestApplication.make(dataDirectory: folder)
        let pressed = await after.send(confirm.command, responder: replies, buttonMessage: handle, origin: .button)
        #expect(pressed.outcome == .ok)
        #expect(await after.cluster.guestSnapshot(vmid: guest.vmid)?.status == "stopped")
        let twice = await after.send(confirm.command, responder: replies, buttonMessage: handle, origin: .button)
        #expect(twice.outcome == .invalid)
        await after.shutdown()
    }

    @Test("an unknown guest is answered with suggestions")
    func unknownGuest() async throws {
        let test = try await TestApplication.make()
        let guest = try await test.guest { $0.name.count > 4 }
        let typo = String(guest.name.dropLast())
        let (outcome, replies) = await test.send("vm show \(typo)x")
        #expect(outcome == .invalid)
        let text = await replies.last?.text ?? ""
        #expect(text.contains("There is no guest named"))
        #expect(text.contains(guest.name), "\(text)")
        #expect(await replies.last?.visibility == .requester)
        let (_, byNumber) = await test.send("vm show 99999")
        #expect(await byNumber.last?.text?.contains("no guest with VMID 99999") == true)
        await test.shutdown()
    }

    @Test("tags are added and removed in the guest's Proxmox config")
    func tags() async throws {
        let test = try await TestApplication.make()
        let guest = try await test.guest { !$0.tags.contains("nexboard-test") }
        #expect(await test.send("vm tag add \(guest.vmid) nexboard-test").outcome == .ok)
        #expect(await test.cluster.guestSnapshot(vmid: guest.vmid)?.tags.contains("nexboard-test") == true)
        #expect(await test.send("vm tag remove \(guest.vmid) nexboard-test").outcome == .ok)
        #expect(await test.cluster.guestSnapshot(vmid: guest.vmid)?.tags.contains("nexboard-test") == false)
        let (bad, replies) = await test.send("vm tag add \(guest.vmid) 'no spaces'")
        #expect(bad == .invalid)
        #expect(await replies.last?.text?.contains("not a valid Proxmox tag") == true)
        await test.shutdown()
    }

    @Test("read commands answer with the cluster's data", arguments: [
        "overview", "nodes", "node pve1", "storage", "tasks", "tasks --errors", "events", "whoami", "help", "help vm stop", "audit",
    ])
    func readCommands(line: String) async throws {
        let test = try await TestApplication.make()
        let (outcome, replies) = await test.send(line)
        let transcript = await replies.transcript
        #expect(outcome == .ok, "\(transcript)")
        #expect(await replies.last != nil)
        await test.shutdown()
    }

    @Test("overview counts nodes and guests as the simulator has them")
    func overviewCounts() async throws {
        let test = try await TestApplication.make()
        let guests = await test.cluster.guestSnapshots().filter { !$0.template }
        let running = guests.filter { $0.status == "running" }.count
        let (_, replies) = await test.send("overview")
        let title = await replies.last?.title ?? ""
        #expect(title == "homelab: 3/3 nodes online, \(running)/\(guests.count) guests running", "\(title)")
        // Every button acts on the cluster the overview is about.
        #expect(await replies.last?.buttons.map(\.command) == ["vm list --cluster homelab", "nodes --cluster homelab", "tasks --cluster homelab",
                                                               "monitor heatmap --cluster homelab", "topology --cluster homelab",
                                                               "backup status --cluster homelab", "template list --cluster homelab"])
        await test.shutdown()
    }

    @Test("an offline node shows in nodes and overview")
    func offlineNode() async throws {
        let test = try await TestApplication.make()
        await test.cluster.setNodeOnline("pve2", false)
        let (_, replies) = await test.send("overview")
        #expect(await replies.last?.title?.contains("2/3 nodes online") == true)
        #expect(await replies.last?.severity == .warning)
        let (_, node) = await test.send("node pve2")
        #expect(await node.last?.text?.contains("offline") == true)
        await test.shutdown()
    }

    @Test("a slow Proxmox is answered when the configured timeout passes on the application's clock")
    func slowProxmox() async throws {
        let clock = ManualClock()
        let test = try await TestApplication.make(timeout: .seconds(10), clock: clock)
        // Real seconds: the answer must not come before the test moves the clock, and stopping the
        // simulator waits for it.
        await test.cluster.setLatency(.seconds(5))
        let running = Task { await test.send("vm list") }
        try await clock.waitForSleepers()
        clock.advance(by: .seconds(10))
        let (outcome, replies) = await running.value
        #expect(outcome == .failed)
        let text = await replies.last?.text ?? ""
        #expect(text.lowercased().contains("time") || text.lowercased().contains("answer"), "\(text)")
        await test.cluster.setLatency(nil)
        await test.shutdown()
    }

    @Test("a Proxmox error is shown with Proxmox's message")
    func proxmoxError() async throws {
        let test = try await TestApplication.make()
        await test.cluster.injectError(status: 500, message: "cluster not ready - no quorum?", pathContains: "/cluster/resources", count: 1)
        let (outcome, replies) = await test.send("vm list")
        #expect(outcome == .failed)
        let transcript = await replies.transcript
        #expect(transcript.last?.contains("no quorum") == true, "\(transcript)")
        await test.shutdown()
    }

    @Test("commands named in replies read as the requester's platform types them (`!nex help` in Matrix)")
    func hintsCarryThePlatformPrefix() async throws {
        let test = try await TestApplication.make()
        var matrix = ChatCapabilities.unlimited
        matrix.commandPrefix = "!nex "
        let (_, unknown) = await test.send("vmm list", capabilities: matrix)
        #expect(await unknown.last?.text?.contains("Type `!nex help` for the list.") == true)
        let request = ChatRequest(id: "admit", platform: "matrix", capabilities: matrix, subject: TestApplication.admin, line: "vmm list")
        guard case let .refused(refusal, _) = await test.app.dispatcher.admit(request) else {
            Issue.record("an unknown command is admitted")
            return
        }
        #expect(refusal.text?.contains("Type `!nex help` for the list.") == true)
        let (_, help) = await test.send("help", capabilities: matrix)
        #expect(await help.last?.footer?.contains("`!nex help vm stop` explains one command") == true)
        let (_, bare) = await test.send("vmm list")
        #expect(await bare.last?.text?.contains("Type `help` for the list.") == true)
        await test.shutdown()
    }

    @Test("the confirmation question says how to answer on the requester's platform: buttons, reactions or a reply")
    func confirmationByCapability() async throws {
        let test = try await TestApplication.make()
        let running = try #require(await test.cluster.guestSnapshots().first { $0.status == "running" && !$0.template })
        var noButtons = ChatCapabilities.unlimited
        noButtons.buttons = false
        var reactions = noButtons
        reactions.reactions = true
        let (_, withButtons) = await test.send("vm stop \(running.vmid)")
        #expect(await withButtons.last?.text == "Only you can confirm. The buttons expire in 1 min.")
        let (_, byReply) = await test.send("vm stop \(running.vmid)", capabilities: noButtons)
        let replyText = try #require(await byReply.last?.text)
        let id = try #require(await byReply.last?.buttons.first?.command.split(separator: " ").last.map(String.init))
        #expect(replyText == "Only you can confirm: reply `confirm \(id)` or `cancel \(id)` within 1 min.")
        let (_, byReaction) = await test.send("vm stop \(running.vmid)", capabilities: reactions)
        #expect(await byReaction.last?.text
            == "Only you can confirm: react ✅ to confirm or ❌ to cancel (or reply to this message with `confirm` or `cancel`) within 1 min.")
        // Typing what the question says works as a press would.
        #expect(await test.send("confirm \(id)", capabilities: noButtons).outcome == .ok)
        #expect(await test.cluster.guestSnapshot(vmid: running.vmid)?.status == "stopped")
        await test.shutdown()
    }
}
