import Foundation
import NexBoard
import NexBoardCore
import NexBoardTesting
import TestScopes
import Testing

@Suite("net status, proxy hosts|certs, apps and the overview against simulated services", .stopsWhatItStarts)
struct HomelabCommandTests {
    static let everything = IntegrationsConfig(
        pihole: PiHoleConfig(source: .simulator), pfsense: PfSenseConfig(source: .simulator, auth: .apiKey(Secret("-"))),
        npm: NPMConfig(source: .simulator, email: "", password: Secret("-")),
        apps: [AppCheckConfig(name: "Nextcloud", source: .simulator), AppCheckConfig(name: "Jellyfin", source: .simulator)])

    @Test("net status shows the WAN address, gateways with latency and loss, and interfaces; a gateway down turns it red")
    func netStatus() async throws {
        let test = try await TestApplication.make(integrations: Self.everything)
        let (outcome, replies) = await test.send("net status", as: TestApplication.viewer)
        #expect(outcome == .ok)
        let reply = try #require(await replies.last)
        #expect(reply.title == "pfSense 2.7.2-RELEASE")
        #expect(reply.fields.first?.value == "203.0.113.24")
        #expect(reply.fields.first { $0.name == "Uptime" }?.value == "12 d 3 h", "pfSense's \"12 Days 03 Hours 41 Minutes 10 Seconds\"")
        #expect(reply.table?.rows.map { $0[0] } == ["WAN_DHCP", "WAN2_PPPOE"])
        #expect(reply.table?.rows.first?[2] == "8.4 ms")
        #expect(reply.fields.last?.value.contains("IOT (opt1): no carrier") == true)
        #expect(reply.footer == "All gateways online")

        await test.app.homelab.simulated.pfsense?.setGateway("WAN_DHCP", status: "down", latency: 0, loss: 100)
        let (_, again) = await test.send("net status")
        #expect(await again.last?.footer == "Down: WAN_DHCP")
        #expect(await again.last?.severity == .error)
        await test.shutdown()
    }

    @Test("proxy hosts lists each host with where it forwards and its certificate's days left; proxy certs soonest first")
    func proxy() async throws {
        let test = try await TestApplication.make(integrations: Self.everything)
        let npm = try #require(test.app.homelab.simulated.npm)
        let (outcome, replies) = await test.send("proxy hosts", as: TestApplication.viewer)
        #expect(outcome == .ok)
        let hosts = try #require(await replies.last)
        #expect(hosts.title == "6 proxy hosts")
        let nextcloud = try #require(hosts.table?.rows.first { $0[0] == "nextcloud.home.example.net" })
        #expect(nextcloud[1] == "http://192.168.1.101:8001")
        #expect(nextcloud[3].hasSuffix(" days"))

        await npm.setCertificateExpiry(host: 2, to: test.date.now.addingTimeInterval(3 * 86_400 + 60))
        let (_, certs) = await test.send("proxy certs")
        let reply = try #require(await certs.last)
        #expect(reply.table?.rows.first?[0] == "jellyfin.home.example.net")
        #expect(reply.table?.rows.first?[3] == "3 days")
        #expect(reply.severity == .warning)
        await test.shutdown()
    }

    @Test("apps shows each app up or down with its latency, checked now when its schedule has not run yet")
    func apps() async throws {
        let test = try await TestApplication.make(integrations: Self.everything)
        await test.app.homelab.simulated.apps?.setDown("Jellyfin", true)
        let (outcome, replies) = await test.send("apps", as: TestApplication.viewer)
        #expect(outcome == .ok)
        let reply = try #require(await replies.last)
        #expect(reply.title == "1/2 apps up")
        #expect(reply.table?.rows.map { $0[0] } == ["Nextcloud", "Jellyfin"])
        #expect(reply.table?.rows[1][1] == "down: HTTP 502")
        #expect(reply.table?.rows[0][3] == "no TLS")
        #expect(reply.severity == .error)
        await test.shutdown()
    }

    @Test("The overview has a line per integration for those who may see them, and none for the others")
    func overview() async throws {
        let guestsOnly = Subject(kind: "discord", identifier: "333333333333333333")
        let bindings = TestApplication.defaultBindings() + [BindingConfig(role: "guests", subjects: [guestsOnly])]
        let test = try await TestApplication.make(bindings: bindings, customRoles: ["guests": [.guestView]], integrations: Self.everything)
        let (_, replies) = await test.send("overview", as: TestApplication.viewer)
        let fields = try #require(await replies.last?.fields)
        let lines = Dictionary(fields.map { ($0.name, $0.value) }, uniquingKeysWith: { first, _ in first })
        #expect(lines["DNS"]?.hasPrefix("Pi-hole blocking on") == true)
        #expect(lines["Firewall"] == "WAN 203.0.113.24, 2/2 gateways online")
        #expect(lines["Proxy"]?.hasPrefix("6 hosts, next certificate expiry in ") == true)
        #expect(lines["Apps"] == "0/2 up, 2 not checked yet")

        let (_, other) = await test.send("overview", as: guestsOnly)
        #expect(await other.last?.fields.contains { $0.name == "Firewall" } == false)
        await test.shutdown()
    }

    @Test("Without the service configured, each command says which section to add")
    func notConfigured() async throws {
        let test = try await TestApplication.make()
        for (line, key) in [("net status", "integrations.pfsense"), ("proxy hosts", "integrations.npm"), ("apps", "integrations.apps")] {
            let (outcome, replies) = await test.send(line)
            #expect(outcome == .invalid, "\(line)")
            #expect(await replies.last?.text?.contains(key) == true, "\(line)")
        }
        await test.shutdown()
    }

    @Test("A user without integrations.view may not read the integrations")
    func permission() async throws {
        let guestsOnly = Subject(kind: "discord", identifier: "333333333333333333")
        let bindings = TestApplication.defaultBindings() + [BindingConfig(role: "guests", subjects: [guestsOnly])]
        let test = try await TestApplication.make(bindings: bindings, customRoles: ["guests": [.guestView]], integrations: Self.everything)
        for line in ["net status", "dns status", "proxy hosts", "proxy certs", "apps"] {
            let (outcome, replies) = await test.send(line, as: guestsOnly)
            #expect(outcome == .denied, "\(line)")
            #expect(await replies.last?.text?.contains("integrations.view") == true, "\(line)")
        }
        await test.shutdown()
    }
}
