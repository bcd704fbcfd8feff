import Foundation
import NexBoard
import NexBoardCore
import NexBoardTesting
import TestScopes
import Testing

@Suite("dns status, pause and resume against simulated Pi-hole and AdGuard Home", .stopsWhatItStarts)
struct DNSCommandTests {
    static let bothFilters = IntegrationsConfig(pihole: PiHoleConfig(source: .simulator),
                                                adguard: AdGuardConfig(source: .simulator, username: "", password: Secret("-")))

    @Test("dns status shows each filter's blocking state, counts and top blocked domains to a viewer")
    func status() async throws {
        let test = try await TestApplication.make(integrations: Self.bothFilters)
        let (outcome, replies) = await test.send("dns status", as: TestApplication.viewer)
        #expect(outcome == .ok)
        let reply = try #require(await replies.last)
        #expect(reply.title == "DNS filters")
        #expect(reply.fields.map(\.name) == ["Pi-hole v6", "AdGuard Home v0.107.52"])
        #expect(reply.fields[0].value.hasPrefix("Blocking on\n41,872 queries today, 6,214 (15%) blocked"))
        #expect(reply.code?.contains("doubleclick.net") == true)
        #expect(reply.buttons.map(\.command) == ["dns pause 5m"])
        await test.shutdown()
    }

    @Test("dns pause 5m pauses every filter and says when blocking resumes; dns resume turns it back on")
    func pauseAndResume() async throws {
        let test = try await TestApplication.make(integrations: Self.bothFilters)
        let pihole = try #require(test.app.homelab.simulated.pihole)
        let adguard = try #require(test.app.homelab.simulated.adguard)
        let (outcome, replies) = await test.send("dns pause 5m")
        #expect(outcome == .ok)
        let paused = try #require(await replies.last)
        #expect(paused.title?.hasPrefix("DNS blocking paused for 5 min, resumes at ") == true)
        // Just begun, the pause has its whole 5 minutes left (rounded up, not 4 min 59 s down to 4).
        #expect(paused.text?.contains("Pi-hole: blocking off for 5 min more (back at ") == true, "\(paused.text ?? "")")
        #expect(paused.text?.contains("AdGuard Home: blocking off for 5 min more (back at ") == true, "\(paused.text ?? "")")
        #expect(await pihole.blocking == "disabled")
        #expect(await adguard.protectionEnabled == false)

        let (_, status) = await test.send("dns status")
        #expect(await status.last?.buttons.map(\.command) == ["dns resume"])
        #expect(await status.last?.severity == .warning)

        #expect(await test.send("dns resume").outcome == .ok)
        #expect(await pihole.blocking == "enabled")
        #expect(await adguard.protectionEnabled)
        let audit = try await test.app.store.audit.recent(limit: 5, subject: TestApplication.admin.description, result: nil)
        #expect(audit.contains { $0.command == "dns pause" })
        await test.shutdown()
    }

    @Test("A pause longer than a day or of zero is refused before anything changes")
    func pauseBounds() async throws {
        let test = try await TestApplication.make(integrations: Self.bothFilters)
        for line in ["dns pause 48h", "dns pause 0s"] {
            #expect(await test.send(line).outcome == .invalid, "\(line)")
        }
        #expect(await test.app.homelab.simulated.pihole?.blocking == "enabled")
        await test.shutdown()
    }

    @Test("A viewer may read the DNS filter but not pause it")
    func viewerCannotPause() async throws {
        let test = try await TestApplication.make(integrations: Self.bothFilters)
        let (outcome, replies) = await test.send("dns pause 5m", as: TestApplication.viewer)
        #expect(outcome == .denied)
        #expect(await replies.last?.text?.contains("dns.manage") == true)
        #expect(await test.app.homelab.simulated.pihole?.blocking == "enabled")
        await test.shutdown()
    }

    @Test("dns.manage limited to a scope is not enough: a pause reaches the whole network")
    func scopedManagerCannotPause() async throws {
        let manager = Subject(kind: "discord", identifier: "222222222222222222")
        let bindings = TestApplication.defaultBindings() + [BindingConfig(role: "dns", subjects: [manager], scope: ScopeConfig(tags: ["lab"]))]
        let test = try await TestApplication.make(bindings: bindings, customRoles: ["dns": [.dnsManage, .integrationsView]],
                                                  integrations: Self.bothFilters)
        let (outcome, replies) = await test.send("dns pause 5m", as: manager)
        #expect(outcome == .denied)
        #expect(await replies.last?.text?.contains("without a scope") == true)
        #expect(await test.app.homelab.simulated.pihole?.blocking == "enabled")
        await test.shutdown()
    }

    @Test("Without a DNS filter configured, dns status says how to add one")
    func notConfigured() async throws {
        let test = try await TestApplication.make()
        let (outcome, replies) = await test.send("dns status")
        #expect(outcome == .invalid)
        #expect(await replies.last?.text?.contains("integrations.pihole") == true)
        await test.shutdown()
    }

    @Test("A filter that is down is reported beside the one that answers")
    func oneDown() async throws {
        let test = try await TestApplication.make(integrations: Self.bothFilters)
        await test.app.homelab.simulated.adguard?.stop()
        let (outcome, replies) = await test.send("dns status")
        #expect(outcome == .ok)
        let reply = try #require(await replies.last)
        #expect(reply.fields.last?.value == "AdGuard Home is unreachable.")
        #expect(reply.severity == .error)
        await test.shutdown()
    }
}
