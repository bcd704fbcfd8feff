import Foundation
import NexBoard
import NexBoardCore
import NexBoardTesting
import TestScopes
import Testing

@Suite("Template, ISO and deploy commands against the simulator", .serialized, .stopsWhatItStarts)
struct DeployCommandTests {
    @Test("template list shows VM templates and container templates; iso list shows the images")
    func listings() async throws {
        let test = try await TestApplication.make()
        let (_, templates) = await test.send("template list")
        let rows = try #require(await templates.last?.table?.rows)
        #expect(rows.contains { $0[0] == "vm" && $0[1].hasSuffix("ubuntu24-template") })
        #expect(rows.contains { $0[0] == "ct" && $0[1].hasPrefix("debian-12-standard") })
        let (_, available) = await test.send("template list --available")
        #expect(await available.last?.table?.rows.contains { $0[0] == "debian-13-standard" } == true)
        let (_, isos) = await test.send("iso list")
        #expect(await isos.last?.table?.rows.contains { $0[0].hasPrefix("debian-12") } == true)
        await test.shutdown()
    }

    @Test("deploy vm clones the template, configures the clone and starts it")
    func deployVM() async throws {
        let test = try await TestApplication.make()
        let (outcome, replies) = await test.send("deploy vm ubuntu24-template --name web03 --node pve2 --cores 4 --memory 4096 --user ops --ip 192.168.1.30/24 --gateway 192.168.1.1 --start")
        #expect(outcome == .ok)
        let done = try #require(await replies.last)
        #expect(done.severity == .success, "\(done.title ?? "") \(done.text ?? "")")
        let created = try #require(await test.cluster.guestSnapshots().first { $0.name == "web03" })
        #expect(created.node == "pve2")
        #expect(created.status == "running")
        #expect(!created.template)
        await test.shutdown()
    }

    @Test("deploy ct creates a container from a container template")
    func deployCT() async throws {
        let test = try await TestApplication.make()
        let (outcome, replies) = await test.send("deploy ct debian-12-standard --name dns02 --node pve1")
        #expect(outcome == .ok)
        #expect(await replies.last?.severity == .success)
        let created = try #require(await test.cluster.guestSnapshots().first { $0.name == "dns02" })
        #expect(created.status == "stopped")
        await test.shutdown()
    }

    @Test("a template downloaded with template download can then be deployed")
    func downloadThenDeploy() async throws {
        let test = try await TestApplication.make()
        let (downloaded, replies) = await test.send("template download debian-13-standard --node pve3")
        #expect(downloaded == .ok)
        #expect(await replies.last?.severity == .success)
        #expect(await test.send("deploy ct debian-13-standard --name trixie --node pve3 --start").outcome == .ok)
        #expect(await test.cluster.guestSnapshots().first { $0.name == "trixie" }?.status == "running")
        await test.shutdown()
    }

    @Test("bad input is answered clearly: invalid name, unknown template, unknown appliance, wrong storage, VMID in use")
    func badInput() async throws {
        let test = try await TestApplication.make()
        let count = await test.cluster.guestCount
        let cases: [(String, String)] = [
            ("deploy vm ubuntu24-template --name web_03", "not a valid name"),
            ("deploy vm ubuntu24-templat --name web03", "`ubuntu24-template`"),
            ("deploy ct debian-13-standard --name dns03", "template download debian-13-standard"),
            ("deploy ct debian-12-standard --name dns03 --storage local", "cannot hold container volumes"),
            ("deploy vm ubuntu24-template --name web04 --vmid 100", "is in use"),
            ("deploy vm ubuntu24-template --name web04 --preset huge", "No deploy presets"),
            ("template download debian-12-standart", "`debian-12-standard`"),
            ("deploy ct debian-12-standard --name dns03 --ip 10.0.0.300/24", "not an IPv4 address"),
        ]
        for (line, expected) in cases {
            let (outcome, replies) = await test.send(line)
            let text = await replies.last?.text ?? ""
            #expect(outcome == .invalid, "\(line): \(outcome)")
            #expect(text.contains(expected), "\(line): \(text)")
        }
        #expect(await test.cluster.guestCount == count, "nothing was created")
        await test.shutdown()
    }

    @Test("a clone that fails half way says what exists and how to remove it")
    func failedClone() async throws {
        let test = try await TestApplication.make()
        let template = try #require(await test.cluster.guestSnapshots().first { $0.name == "ubuntu24-template" })
        await test.cluster.failNextTask(vmid: template.vmid, message: "clone failed: copy failed: No space left on device")
        let (outcome, replies) = await test.send("deploy vm ubuntu24-template --name web05")
        #expect(outcome == .ok)
        let reply = try #require(await replies.last)
        #expect(reply.severity == .error)
        #expect(reply.text?.contains("Nothing was created") == true, "\(reply.text ?? "")")
        #expect(await test.cluster.guestSnapshots().first { $0.name == "web05" } == nil)
        await test.shutdown()
    }

    @Test("a deploy by an operator scoped by tag gets that tag, so they can manage what they made")
    func scopeTag() async throws {
        let creator = Subject(kind: "discord", identifier: "222222222222222222")
        var bindings = TestApplication.defaultBindings()
        bindings.append(BindingConfig(role: "creator", subjects: [creator], scope: ScopeConfig(tags: ["lab"])))
        let test = try await TestApplication.make(bindings: bindings, customRoles: ["creator": [.guestView, .guestCreate, .guestPower]])
        let (outcome, replies) = await test.send("deploy ct debian-12-standard --name labct --node pve1", as: creator)
        let text = await replies.last?.text ?? ""
        #expect(outcome == .ok, "\(text)")
        let created = try #require(await test.cluster.guestSnapshots().first { $0.name == "labct" })
        #expect(created.tags == ["lab"])
        #expect(await test.send("vm start \(created.vmid)", as: creator).outcome == .ok)
        await test.shutdown()
    }
}
