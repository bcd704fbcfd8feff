import Foundation
import NexBoard
import NexBoardCore
import NexBoardTesting
import TestScopes
import Testing

@Suite("Monitoring commands", .stopsWhatItStarts)
struct MonitorCommandTests {
    static let discordLike = ChatCapabilities(privateReplies: true, buttons: true, edits: true, threads: false, reactions: false,
                                              attachments: true, textLength: 4_096, buttonsPerMessage: 25, fieldsPerMessage: 25,
                                              emoji: true, monospaceWidth: 60)

    private func reply(_ line: String, in test: TestApplication, as subject: Subject = TestApplication.admin,
                       capabilities: ChatCapabilities = .unlimited,
                       sourceLocation: SourceLocation = #_sourceLocation) async throws -> (DispatchOutcome, Message) {
        let (outcome, replies) = await test.send(line, as: subject, capabilities: capabilities)
        return (outcome, try #require(await replies.last, sourceLocation: sourceLocation))
    }

    @Test("The node heatmap shows every node with cpu, mem and disk, and squares where emoji render")
    func nodeHeatmap() async throws {
        let test = try await TestApplication.make()
        let (outcome, message) = try await reply("monitor heatmap", in: test)
        #expect(outcome == .ok)
        let code = try #require(message.code)
        for node in ["pve1", "pve2", "pve3"] { #expect(code.contains(node)) }
        #expect(code.contains("cpu") && code.contains("mem") && code.contains("disk"))
        #expect(code.contains("no data"))
        let (_, emoji) = try await reply("monitor heatmap", in: test, capabilities: Self.discordLike)
        #expect(try #require(emoji.code).contains("🟩") || emoji.code?.contains("🟨") == true)
        for line in emoji.code?.split(separator: "\n") ?? [] { #expect(DisplayWidth.of(line) <= 60, "\(line)") }
        await test.shutdown()
    }

    @Test("A heatmap over a range draws 24 buckets per node from Proxmox's history")
    func nodeHeatmapOverTime() async throws {
        let test = try await TestApplication.make()
        let (outcome, message) = try await reply("monitor heatmap nodes --metric cpu --range 24h", in: test)
        #expect(outcome == .ok)
        let code = try #require(message.code)
        let row = try #require(code.split(separator: "\n").first { $0.hasPrefix("pve1") })
        #expect(row.filter { "░▒▓█·".contains($0) }.count == 24)
        #expect(code.contains("-1d") && code.contains("now"))
        await test.shutdown()
    }

    @Test("A scoped user's heatmap shows only their guests")
    func scopedHeatmap() async throws {
        let test = try await TestApplication.make()
        let guests = await test.simulatedGuests()
        let (outcome, message) = try await reply("monitor heatmap", in: test, as: TestApplication.labOperator)
        #expect(outcome == .ok)
        let code = try #require(message.code)
        for guest in guests where guest.status == "running" {
            let shown = code.contains(" \(guest.name)")
            #expect(shown == guest.tags.contains("lab"), "\(guest.name) \(guest.tags)")
        }
        #expect(!code.contains("pve1 "))
        await test.shutdown()
    }

    @Test("A node graph draws sparklines with min, avg, max and last over the range")
    func nodeGraph() async throws {
        let test = try await TestApplication.make()
        let (outcome, message) = try await reply("monitor node pve2 cpu 6h", in: test)
        #expect(outcome == .ok)
        let code = try #require(message.code)
        for word in ["cpu ", "min ", "avg ", "max ", "last "] { #expect(code.contains(word), "\(word) in \(code)") }
        #expect(code.contains("last 6h"))
        #expect(code.contains { "▁▂▃▄▅▆▇█".contains($0) })
        let (_, all) = try await reply("monitor node pve2", in: test)
        #expect(all.code?.contains("in ") == true && all.code?.contains("/s") == true)
        await test.shutdown()
    }

    @Test("A guest graph resolves the guest by name")
    func guestGraph() async throws {
        let test = try await TestApplication.make()
        let guest = try await test.guest { $0.status == "running" }
        let (outcome, message) = try await reply("monitor vm \(guest.name) mem 24h", in: test)
        #expect(outcome == .ok)
        #expect(message.title?.contains("\(guest.vmid)") == true)
        #expect(message.code?.contains("mem ") == true)
        await test.shutdown()
    }

    @Test("With monitor.images on, node and guest graphs carry a PNG of the same graph where the platform takes files; the text stays")
    func graphPictures() async throws {
        let test = try await TestApplication.make { $0.monitor = MonitorConfig(images: true) }
        let (outcome, node) = try await reply("monitor node pve2 --range 6h", in: test, capabilities: Self.discordLike)
        #expect(outcome == .ok)
        let image = try #require(node.image)
        #expect(image.filename == "node-pve2-6h.png")
        #expect(image.mimeType == "image/png")
        #expect(Array(image.bytes.prefix(4)) == [0x89, 0x50, 0x4E, 0x47])
        #expect(PNGEncoder.size(of: image.bytes).map { [$0.width, $0.height] } == [GraphImage.defaultWidth, GraphImage.defaultHeight])
        #expect(image.altText.contains("Node pve2") && image.altText.contains("cpu from") && image.altText.contains("last 6h"))
        #expect(node.code?.contains("min ") == true, "the text graph is still there")
        let guest = try await test.guest { $0.status == "running" }
        let (_, vm) = try await reply("monitor vm \(guest.vmid) cpu", in: test, capabilities: Self.discordLike)
        #expect(vm.image?.filename == "vm-\(guest.vmid)-1h.png")
        let (_, console) = try await reply("monitor node pve2", in: test)
        #expect(console.image == nil, "a platform without files (the console) gets the text only")
        await test.shutdown()
    }

    @Test("With monitor.images off (the default), no reply carries a picture, on any platform")
    func noPicturesByDefault() async throws {
        let test = try await TestApplication.make()
        let guest = try await test.guest { $0.status == "running" }
        for line in ["monitor node pve2", "monitor vm \(guest.vmid)", "monitor heatmap", "monitor top"] {
            let (_, message) = try await reply(line, in: test, capabilities: Self.discordLike)
            #expect(message.image == nil, "\(line)")
        }
        await test.shutdown()
    }

    @Test("Bad input is answered with what to type: unknown metric, malformed, too long or too short range, no metric for a range")
    func badInput() async throws {
        let test = try await TestApplication.make()
        let cases: [(String, String)] = [
            ("monitor node pve1 temperature", "metric"),
            ("monitor node pve1 cpu soon", "range"),
            ("monitor node pve1 cpu 400d", "too long"),
            ("monitor node pve1 cpu 10s", "too short"),
            ("monitor heatmap --range 7d", "needs one metric"),
            ("monitor node pve9", "no node"),
            ("monitor top --limit 0", "between 1 and 50"),
            ("monitor vm nosuchguest", "no guest"),
            ("monitor query pve_up", "prometheus is not configured"),
        ]
        for (line, expected) in cases {
            let (outcome, message) = try await reply(line, in: test)
            #expect(outcome == .invalid, "\(line): \(outcome)")
            let text = TextRenderer().render(message)
            #expect(text.lowercased().contains(expected.lowercased()), "\(line): \(text)")
        }
        await test.shutdown()
    }

    @Test("A scoped user may not see another node's graph, nor a guest outside their scope")
    func scopedGraphs() async throws {
        let test = try await TestApplication.make()
        let (outcome, message) = try await reply("monitor node pve2", in: test, as: TestApplication.labOperator)
        #expect(outcome == .denied)
        #expect(message.visibility == .requester)
        let outside = try await test.guest { !$0.tags.contains("lab") }
        let (hidden, answer) = try await reply("monitor vm \(outside.vmid)", in: test, as: TestApplication.labOperator)
        #expect(hidden == .denied, "answered as a guest that does not exist, audited as denied")
        #expect(answer.text == "There is no guest with VMID \(outside.vmid).")
        #expect(answer.text?.contains(outside.name) != true)
        await test.shutdown()
    }

    @Test("Top lists the busiest guests the user may see, by memory and by network")
    func top() async throws {
        let test = try await TestApplication.make()
        let (outcome, message) = try await reply("monitor top --by mem --limit 5", in: test)
        #expect(outcome == .ok)
        let lines = try #require(message.code).split(separator: "\n")
        #expect(lines.count == 6)
        #expect(lines[0].hasPrefix("1. "))
        let (_, network) = try await reply("monitor top --by net", in: test)
        #expect(network.code?.contains("/s") == true)
        let (_, scoped) = try await reply("monitor top", in: test, as: TestApplication.labOperator)
        let guests = await test.simulatedGuests()
        for guest in guests where !guest.tags.contains("lab") {
            #expect(scoped.code?.contains(" \(guest.name) ") != true, "\(guest.name)")
        }
        await test.shutdown()
    }

    @Test("Topology draws nodes, bond, bridge, VLAN and the guests on it with tag, firewall and address")
    func topology() async throws {
        let test = try await TestApplication.make()
        let (outcome, message) = try await reply("topology", in: test)
        #expect(outcome == .ok)
        let code = try #require(message.code)
        #expect(code.contains("├─ pve1"))
        #expect(code.contains("vmbr0  bridge  10.0.0.11/24  LAN  vlan-aware"))
        #expect(code.contains("bond0  bond active-backup  eno1 eno2"))
        #expect(code.contains("vmbr0.20  vlan 20  10.0.20.11/24  DMZ"))
        #expect(code.contains("net0  vlan 20  fw"))
        #expect(code.contains("zone lab  simple"))
        let (_, one) = try await reply("topology --node pve2", in: test)
        #expect(one.code?.contains("pve1") == false)
        await test.shutdown()
    }

    @Test("The overview offers Heatmap and Topology")
    func overviewButtons() async throws {
        let test = try await TestApplication.make()
        let (_, message) = try await reply("overview", in: test)
        let commands = message.buttons.map(\.command)
        #expect(commands.contains("monitor heatmap --cluster homelab"), "\(commands)")
        #expect(commands.contains("topology --cluster homelab"), "\(commands)")
        await test.shutdown()
    }
}
