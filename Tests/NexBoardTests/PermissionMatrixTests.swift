import Foundation
import NexBoard
import NexBoardCore
import NexBoardTesting
import ProxmoxSimulator
import Store
import TestScopes
import Testing

@Suite("Permissions", .serialized, .stopsWhatItStarts)
struct PermissionMatrixTests {
    /// A valid line for every catalog command; the matrix fails when a new command has none.
    static func sampleLine(for command: String, guest: Int) -> String? {
        [
            "overview": "overview", "nodes": "nodes", "node": "node pve1", "storage": "storage", "tasks": "tasks",
            "events": "events", "audit": "audit", "vm list": "vm list", "vm show": "vm show \(guest)", "vm console": "vm console \(guest)",
            "vm start": "vm start \(guest)", "vm stop": "vm stop \(guest)", "vm shutdown": "vm shutdown \(guest)",
            "vm reboot": "vm reboot \(guest)", "vm suspend": "vm suspend \(guest)", "vm resume": "vm resume \(guest)",
            "vm tag add": "vm tag add \(guest) matrix", "vm tag remove": "vm tag remove \(guest) prod",
            "alert subscribe": "alert subscribe", "alert unsubscribe": "alert unsubscribe", "alert list": "alert list",
            "alert rules": "alert rules", "alert active": "alert active", "alert silence": "alert silence pve1 1h",
            "alert silences": "alert silences", "alert unsilence": "alert unsilence 1",
            "alert ack": "alert ack node-offline@homelab:pve1", "alert test": "alert test", "alert history": "alert history",
            "monitor heatmap": "monitor heatmap", "monitor node": "monitor node pve1", "monitor vm": "monitor vm \(guest)",
            "monitor top": "monitor top", "monitor query": "monitor query pve_up", "topology": "topology",
            "report subscribe": "report subscribe heatmap 1d", "report list": "report list", "report unsubscribe": "report unsubscribe 1",
            "backup run": "backup run \(guest) --storage local", "backup list": "backup list \(guest)", "backup status": "backup status",
            "backup restore": "backup restore \(guest) latest", "backup protect": "backup protect \(guest) latest",
            "backup notes": "backup notes \(guest) latest hello", "template list": "template list",
            "template download": "template download debian-12-standard", "iso list": "iso list",
            "deploy vm": "deploy vm ubuntu24-template --name matrix1", "deploy ct": "deploy ct debian-12-standard --name matrix2",
            "dns status": "dns status", "dns pause": "dns pause 5m", "dns resume": "dns resume",
            "net status": "net status", "proxy hosts": "proxy hosts", "proxy certs": "proxy certs", "apps": "apps",
        ][command]
    }

    @Test("every command is refused, audited and not executed for a role without its permission")
    func matrix() async throws {
        let catalog = try CommandCatalog.load(directory: RepositoryPaths.commands)
        let user = Subject(kind: "slack", identifier: "UMATRIX")
        var roles: [String: [Permission]] = [:]
        var bindings: [BindingConfig] = TestApplication.defaultBindings()
        for permission in Permission.allCases where permission != .admin {
            let name = "all-but-\(permission.rawValue.replacingOccurrences(of: ".", with: "-"))"
            roles[name] = Permission.allCases.filter { $0 != permission && $0 != .admin }
        }
        roles["no-admin"] = Permission.allCases.filter { $0 != .admin }
        let test = try await TestApplication.make(bindings: bindings, customRoles: roles)
        let guest = try await test.guest { $0.status == "running" }
        let before = await test.simulatedGuests()
        await test.shutdown()

        for spec in catalog.commands {
            guard let permission = spec.permission else { continue }
            let line = try #require(Self.sampleLine(for: spec.name, guest: guest.vmid), "no sample line for `\(spec.name)`")
            let role = permission == .admin ? "no-admin" : "all-but-\(permission.rawValue.replacingOccurrences(of: ".", with: "-"))"
            bindings = TestApplication.defaultBindings() + [BindingConfig(role: role, subjects: [user])]
            let app = try await TestApplication.make(bindings: bindings, customRoles: roles)
            let (outcome, replies) = await app.send(line, as: user)
            #expect(outcome == .denied, "\(spec.name): \(outcome)")
            let reply = try #require(await replies.last)
            #expect(reply.visibility == .requester, "\(spec.name): the refusal must be private")
            #expect(reply.text?.contains(permission.rawValue) == true, "\(spec.name): \(reply.text ?? "")")
            let audit = try await app.app.store.audit.recent(limit: 5, subject: user.description, result: .denied)
            #expect(audit.first?.command == spec.name, "\(spec.name) not audited as denied")
            let after = await app.simulatedGuests()
            #expect(after.map(\.status) == before.map(\.status), "\(spec.name) changed a guest")
            #expect(after.map(\.tags) == before.map(\.tags), "\(spec.name) changed tags")
            await app.shutdown()
        }
    }

    @Test("anyone not bound gets nothing but help and whoami")
    func strangers() async throws {
        let test = try await TestApplication.make()
        #expect(await test.send("vm list", as: TestApplication.stranger).outcome == .denied)
        let (outcome, replies) = await test.send("whoami", as: TestApplication.stranger)
        #expect(outcome == .ok)
        #expect(await replies.last?.footer?.contains("No role") == true)
        await test.shutdown()
    }

    @Test("an operator limited to tag lab cannot stop a guest without it: to them it does not exist")
    func scopedOperator() async throws {
        let test = try await TestApplication.make()
        let outside = try await test.guest { $0.status == "running" && !$0.tags.contains("lab") }
        let (outcome, replies) = await test.send("vm stop \(outside.vmid)", as: TestApplication.labOperator)
        #expect(outcome == .denied)
        #expect(await replies.last?.text == "There is no guest with VMID \(outside.vmid).")
        #expect(await replies.last?.buttons.isEmpty == true, "no confirmation may be offered")
        #expect(await test.cluster.guestSnapshot(vmid: outside.vmid)?.status == "running")
        let denied = try await test.app.store.audit.recent(limit: 5, subject: TestApplication.labOperator.description, result: .denied)
        #expect(denied.first?.target?.contains(String(outside.vmid)) == true)

        // The same operator may stop a lab guest, after confirming.
        let inside = try await test.guest { $0.status == "running" && $0.tags.contains("lab") }
        let (asked, question) = await test.send("vm stop \(inside.vmid)", as: TestApplication.labOperator)
        #expect(asked == .awaitingConfirmation)
        #expect(try #require(await test.press("confirm", in: question, as: TestApplication.labOperator)).outcome == .ok)
        #expect(await test.cluster.guestSnapshot(vmid: inside.vmid)?.status == "stopped")

        // And sees only lab guests in lists.
        let (_, list) = await test.send("vm list", as: TestApplication.labOperator)
        let visible = Set(await list.last?.table?.rows.map { $0[0] } ?? [])
        let lab = Set(await test.simulatedGuests().filter { $0.tags.contains("lab") }.map { String($0.vmid) })
        #expect(visible == lab)
        await test.shutdown()
    }

    @Test("every list shows an operator limited to tag lab exactly the lab guests, as when visibility was asked per guest")
    func scopedLists() async throws {
        let test = try await TestApplication.make()
        let guests = await test.cluster.guestSnapshots()
        let lab = guests.filter { $0.tags.contains("lab") }
        let outside = guests.filter { !$0.tags.contains("lab") }
        try #require(!lab.isEmpty && !outside.isEmpty)
        let labels = { (guests: [SimulatedCluster.GuestSnapshot]) in guests.map { "\($0.vmid) \($0.name)" } }
        func reply(_ line: String) async throws -> (message: Message, text: String) {
            let (outcome, replies) = await test.send(line, as: TestApplication.labOperator)
            #expect(outcome == .ok, "\(line): \(outcome)")
            let message = try #require(await replies.last, "\(line)")
            return (message, TextRenderer(width: 200).render(message))
        }

        let list = try await reply("vm list").message
        #expect(Set(list.table?.rows.map { $0[0] } ?? []) == Set(lab.map { String($0.vmid) }))
        let overview = try await reply("overview").message
        #expect(overview.title?.contains("/\(lab.filter { !$0.template }.count) guests running") == true, "\(overview.title ?? "")")
        let nodes = try await reply("nodes").message
        let counted = nodes.table?.rows.compactMap { $0[5].split(separator: "/").last.flatMap { Int($0) } }.reduce(0, +)
        #expect(counted == lab.count)
        let node = lab[0].node
        let detail = try await reply("node \(node)").message
        #expect(detail.fields.first { $0.name == "Guests" }?.value.hasSuffix("of \(lab.filter { $0.node == node }.count)") == true)
        for line in ["monitor top --limit 50", "monitor heatmap", "topology", "backup list"] {
            let text = try await reply(line).text
            for label in labels(outside) { #expect(!text.contains(label), "\(line) shows \(label)") }
            #expect(labels(lab).contains { text.contains($0) }, "\(line) shows no lab guest")
        }
        let running = lab.filter { $0.status == "running" && !$0.template }
        let top = try await reply("monitor top --limit 50").text
        for label in labels(running) { #expect(top.contains(label), "monitor top misses \(label)") }
        let status = try await reply("backup status").message
        let statusText = status.text ?? ""
        let labGuests = lab.filter { !$0.template }.count
        #expect(statusText.contains("of \(labGuests) guest(s)") || statusText.hasPrefix("Every guest has a backup"), "\(statusText)")
        let missing: Set<String> = Set(status.table?.rows.map { $0[0] } ?? [])
        #expect(missing.isSubset(of: Set(lab.map { String($0.vmid) })))
        await test.shutdown()
    }

    @Test("a viewer may look but not act")
    func viewer() async throws {
        let test = try await TestApplication.make()
        let guest = try await test.guest { $0.status == "running" }
        #expect(await test.send("vm show \(guest.vmid)", as: TestApplication.viewer).outcome == .ok)
        #expect(await test.send("vm reboot \(guest.vmid)", as: TestApplication.viewer).outcome == .denied)
        #expect(await test.send("audit", as: TestApplication.viewer).outcome == .denied)
        await test.shutdown()
    }
}
