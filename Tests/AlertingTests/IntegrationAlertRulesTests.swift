import Foundation
import Testing

@testable import Alerting

@Suite("Integration rules: WAN address, gateways, DNS blocking, certificates, apps")
struct IntegrationAlertRulesTests {
    static let start = Date(timeIntervalSince1970: 1_795_000_000)
    let engine = AlertEngine(rules: [
        AlertRule(name: "wan-changed", metric: .wanAddressChanged, severity: .info),
        AlertRule(name: "gateway-down", metric: .gatewayDown, for: .seconds(60), severity: .critical),
        AlertRule(name: "gateway-loss", metric: .gatewayLoss, threshold: 20, clear: 5, for: .seconds(300)),
        AlertRule(name: "dns-blocking-off", metric: .dnsBlockingOff, for: .seconds(1800)),
        AlertRule(name: "certificate-expiring", metric: .certificateExpiry, days: 14),
        AlertRule(name: "certificate-expired", metric: .certificateExpiry, severity: .critical, days: 0),
        AlertRule(name: "app-down", metric: .appDown, for: .seconds(300), severity: .critical),
    ])

    /// Runs one cycle per sample, 15 s apart (the poll interval), carrying the alerts over; returns
    /// each cycle's notifications as "kind title".
    func run(_ samples: [IntegrationSample], from offset: TimeInterval = 0, alerts: inout [String: TrackedAlert],
             silences: [String] = []) -> [[String]] {
        samples.enumerated().map { index, sample in
            let outcome = engine.evaluate(integrations: sample, alerts: alerts, silences: silences,
                                          now: Self.start.addingTimeInterval(offset + Double(index) * 15))
            alerts = outcome.alerts
            return outcome.notifications.map { "\($0.kind.rawValue) \($0.title)" }
        }
    }

    func gateways(down: Bool = false, loss: Double = 0) -> IntegrationSample {
        IntegrationSample(gateways: [.init(name: "WAN_DHCP", isDown: down, loss: loss), .init(name: "WAN2", isDown: false, loss: 0)])
    }

    @Test("A gateway down for a minute fires, once, and resolves when it is back")
    func gatewayDown() {
        var alerts: [String: TrackedAlert] = [:]
        let cycles = run(Array(repeating: gateways(down: true), count: 6) + [gateways()], alerts: &alerts)
        #expect(cycles[0...3].allSatisfy { $0.isEmpty })
        #expect(cycles[4] == ["firing Gateway WAN_DHCP down for 1m"])
        #expect(cycles[5].isEmpty)
        #expect(cycles[6] == ["resolved Gateway WAN_DHCP down"])
        #expect(alerts.values.allSatisfy { $0.cluster == IntegrationSample.source })
    }

    @Test("Packet loss fires at the threshold after its for duration and resolves only at the clear threshold")
    func gatewayLoss() {
        var alerts: [String: TrackedAlert] = [:]
        let lossy = Array(repeating: gateways(loss: 30), count: 21)
        let cycles = run(lossy + [gateways(loss: 10), gateways(loss: 4)], alerts: &alerts)
        #expect(cycles.flatMap { $0 }.filter { $0.hasPrefix("firing") } == ["firing Gateway WAN_DHCP packet loss 30% for 5m"])
        #expect(cycles[21].isEmpty, "10% is between the thresholds: still firing")
        #expect(cycles[22] == ["resolved Gateway WAN_DHCP packet loss"])
    }

    @Test("A WAN address change fires at once and resolves an hour later; the next change is a new alert")
    func wanChanged() {
        var alerts: [String: TrackedAlert] = [:]
        let change = IntegrationSample.WANChange(from: "203.0.113.24", to: "198.51.100.99", at: Self.start)
        let first = run([IntegrationSample(wanChange: .some(nil)), IntegrationSample(wanChange: .some(change))], alerts: &alerts)
        #expect(first == [[], ["firing 198.51.100.99 (was 203.0.113.24) is the new WAN address"]])
        let later = run([IntegrationSample(wanChange: .some(change))], from: 3601, alerts: &alerts)
        #expect(later == [["resolved 198.51.100.99 (was 203.0.113.24) is the new WAN address"]])
        let next = IntegrationSample.WANChange(from: "198.51.100.99", to: "192.0.2.7", at: Self.start.addingTimeInterval(4000))
        #expect(run([IntegrationSample(wanChange: .some(next))], from: 4000, alerts: &alerts)
            == [["firing 192.0.2.7 (was 198.51.100.99) is the new WAN address"]])
    }

    @Test("DNS blocking off fires only after 30 minutes, and resolves when blocking is back")
    func blockingOff() {
        var alerts: [String: TrackedAlert] = [:]
        let off = IntegrationSample(filters: [.init(name: "Pi-hole", isBlocking: false)])
        let on = IntegrationSample(filters: [.init(name: "Pi-hole", isBlocking: true)])
        // A 5-minute pause, as `dns pause 5m` makes: nothing.
        #expect(run(Array(repeating: off, count: 20) + [on], alerts: &alerts).allSatisfy { $0.isEmpty })
        let cycles = run(Array(repeating: off, count: 121) + [on], from: 1000, alerts: &alerts)
        #expect(cycles[120] == ["firing Pi-hole not blocking for 30m"])
        #expect(cycles[121] == ["resolved Pi-hole not blocking"])
    }

    @Test("A certificate within 14 days is a warning, an expired one also critical; renewing resolves both")
    func certificates() {
        var alerts: [String: TrackedAlert] = [:]
        func sample(_ days: Double) -> IntegrationSample {
            IntegrationSample(certificates: [.init(id: "proxy:3", label: "Certificate cloud.example.net", expires: Self.start.addingTimeInterval(days * 86_400))])
        }
        #expect(run([sample(30)], alerts: &alerts) == [[]])
        #expect(run([sample(10)], alerts: &alerts) == [["firing Certificate cloud.example.net certificate expiring within 14 days"]])
        #expect(run([sample(-1)], alerts: &alerts) == [["firing Certificate cloud.example.net certificate expiring (expired)"]])
        #expect(run([sample(90)], alerts: &alerts)[0] == [
            "resolved Certificate cloud.example.net certificate expiring", "resolved Certificate cloud.example.net certificate expiring",
        ])
    }

    @Test("An app down for 5 minutes fires; a service not read keeps its alert; a silence holds the notice")
    func appDown() {
        var alerts: [String: TrackedAlert] = [:]
        let down = IntegrationSample(apps: [.init(name: "Nextcloud", isUp: false), .init(name: "Jellyfin", isUp: true)])
        let cycles = run(Array(repeating: down, count: 21), alerts: &alerts)
        #expect(cycles[20] == ["firing App Nextcloud down for 5m"])
        // The apps were not read (nothing checked yet after a restart): the alert stays firing.
        #expect(run([IntegrationSample()], from: 400, alerts: &alerts) == [[]])
        #expect(alerts.values.contains { $0.rule == "app-down" && $0.machine.isFiring })

        var silenced: [String: TrackedAlert] = [:]
        let quiet = run(Array(repeating: down, count: 21), alerts: &silenced, silences: ["app-down"])
        #expect(quiet.allSatisfy { $0.isEmpty })
    }
}
