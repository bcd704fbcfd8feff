import Foundation
import IntegrationSimulators
import Integrations
import Logging
import NexBoardCore
import Testing

@Suite("pfSense client against the simulated pfSense REST API v2 over HTTP")
struct PfSenseClientTests {
    let logger = Logger(label: "test.pfsense")

    func withPfSense(auth: PfSenseAuth = .apiKey(Secret("key")), _ body: (PfSenseSimulator, PfSenseClient) async throws -> Void) async throws {
        let pfsense = try await PfSenseSimulator.start(apiKey: "key", username: "admin", password: "pw")
        try await withIntegrationClients(logger: logger, stopping: { await pfsense.stop() }) { clients in
            let client = try PfSenseClient(connection: IntegrationConnection(service: "pfSense", baseURL: pfsense.baseURL), auth: auth,
                                           clients: clients, clock: .continuous)
            try await body(pfsense, client)
        }
    }

    @Test("Status reads version, uptime, gateways, interfaces and the WAN address with an API key")
    func status() async throws {
        try await withPfSense { _, client in
            let status = try await client.status(logger: logger)
            #expect(status.product == "pfSense 2.7.2-RELEASE")
            #expect(status.uptime == "12 Days 03 Hours 41 Minutes 10 Seconds")
            #expect(status.wanAddress == "203.0.113.24")
            #expect(status.gateways.map(\.name) == ["WAN_DHCP", "WAN2_PPPOE"])
            #expect(status.gateways[0].latency == 8.4)
            #expect(status.interfaces.map(\.name) == ["wan", "lan", "opt1"])
            #expect(status.interfaces[2].status == "no carrier")
        }
    }

    @Test("HTTP basic authentication with a local user works too")
    func basic() async throws {
        try await withPfSense(auth: .basic(username: "admin", password: Secret("pw"))) { _, client in
            let answer1 = try await client.status(logger: logger).gateways.count
            #expect(answer1 == 2)
        }
    }

    @Test("The knobs show: a new WAN address, a gateway down, another lossy")
    func knobs() async throws {
        try await withPfSense { pfsense, client in
            await pfsense.setWANAddress("198.51.100.99")
            await pfsense.setGateway("WAN_DHCP", status: "down", latency: 0, loss: 100)
            await pfsense.setGateway("WAN2_PPPOE", status: "online", latency: 40, loss: 25)
            let status = try await client.status(logger: logger)
            #expect(status.wanAddress == "198.51.100.99")
            #expect(status.gateways[0].isDown)
            #expect(!status.gateways[1].isDown)
            #expect(status.gateways[1].substatus == "highloss")
        }
    }

    @Test("A wrong API key is unauthorized (the package's 401 envelope)")
    func wrongKey() async throws {
        try await withPfSense(auth: .apiKey(Secret("nope"))) { _, client in
            await #expect(throws: IntegrationError.unauthorized(service: "pfSense")) { try await client.status(logger: logger) }
        }
    }

    @Test("No REST API v2 package (404) is an unsupported version, an HTML page an unreadable answer")
    func faults() async throws {
        try await withPfSense { pfsense, client in
            await pfsense.set(fault: .status(404))
            let error = await #expect(throws: IntegrationError.self) { try await client.status(logger: logger) }
            #expect(error?.userMessage == "pfSense speaks an API version NexBoard does not support (no REST API v2 package at /api/v2).")
            await pfsense.set(fault: .malformed)
            await #expect(throws: IntegrationError.self) { try await client.status(logger: logger) }
        }
    }

    @Test("pfSense's uptime text becomes seconds; anything else stays unread", arguments: [
        ("12 Days 03 Hours 41 Minutes 10 Seconds", Int64?(12 * 86_400 + 3 * 3_600 + 41 * 60 + 10)),
        ("1 Day 1 Hour 1 Minute 1 Second", 90_061),
        ("05 Minutes 10 Seconds", 310),
        ("", nil), ("12 Days 03", nil), ("about a week", nil), ("-1 Days", nil), ("12 Fortnights", nil),
    ])
    func uptimeText(text: String, seconds: Int64?) {
        let status = FirewallStatus(product: "pfSense", uptime: text, cpuUsage: nil, memoryUsage: nil, wanAddress: nil,
                                    gateways: [], interfaces: [])
        #expect(status.uptimeSeconds == seconds)
    }
}
