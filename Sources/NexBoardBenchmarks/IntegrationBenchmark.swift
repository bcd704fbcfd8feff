import Alerting
import Foundation
import IntegrationSimulators
import Integrations
import Logging
import NexBoardCore

/// `nexboard-bench integrations`: one polling cycle of a typical homelab's integrations — pfSense,
/// Pi-hole v6, Nginx Proxy Manager with 50 hosts (hosts and certificates), 20 app checks — all
/// concurrently, then the integration rules on the reading. The simulated services run in the same
/// process, so the CPU figure counts both sides of every request: the clients' own share is lower.
enum IntegrationBenchmark {
    static func run(iterations: Int, report: BenchmarkReport) async throws {
        let logger = Logger(label: "bench")
        let clock = AnyClock.continuous
        let pfsense = try await PfSenseSimulator.start(apiKey: "k")
        let pihole = try await PiHoleSimulator.start(version: 6, password: "p")
        let npm = try await NPMSimulator.start(identity: "a@b.c", secret: "s", hosts: 50)
        let apps = try await AppSimulator.start()
        let clients = IntegrationHTTPClients(logger: logger)
        let firewall = try PfSenseClient(connection: IntegrationConnection(service: "pfSense", baseURL: pfsense.baseURL), auth: .apiKey(Secret("k")),
                                         clients: clients, clock: clock)
        let filter = try PiHoleClient(connection: IntegrationConnection(service: "Pi-hole", baseURL: pihole.baseURL), version: .v6,
                                      password: Secret("p"), clients: clients, clock: clock)
        let proxy = try NPMClient(connection: IntegrationConnection(service: "NPM", baseURL: npm.baseURL), identity: "a@b.c", secret: Secret("s"),
                                  clients: clients, clock: clock, now: { Date() })
        let checks = (1...20).map { AppCheck(name: "app\($0)", url: apps.url(of: "app\($0)")) }
        let checker = AppChecker(clients: clients, clock: clock)
        let engine = AlertEngine(rules: [
            AlertRule(name: "gateway-down", metric: .gatewayDown, for: .seconds(60)),
            AlertRule(name: "gateway-loss", metric: .gatewayLoss, threshold: 20, clear: 5, for: .seconds(300)),
            AlertRule(name: "dns-blocking-off", metric: .dnsBlockingOff, for: .seconds(1800)),
            AlertRule(name: "certificate-expiring", metric: .certificateExpiry, days: 14),
            AlertRule(name: "app-down", metric: .appDown, for: .seconds(300)),
        ])
        var alerts: [String: TrackedAlert] = [:]

        func cycle() async throws -> Int {
            async let status = firewall.status(logger: logger)
            async let dns = filter.status(logger: logger)
            async let hosts = proxy.proxyHosts(logger: logger)
            async let certificates = proxy.certificates(logger: logger)
            async let results = withTaskGroup(of: AppCheckResult.self) { group in
                for check in checks { group.addTask { await checker.check(check, logger: logger) } }
                return await group.reduce(into: []) { $0.append($1) }
            }
            let (gatewayStatus, dnsStatus, hostList, certificateList, appResults) = try await (status, dns, hosts, certificates, results)
            let sample = IntegrationSample(
                gateways: gatewayStatus.gateways.map { .init(name: $0.name, isDown: $0.isDown, loss: $0.loss) },
                filters: [.init(name: "Pi-hole", isBlocking: dnsStatus.blocking.isEnabled)],
                certificates: certificateList.compactMap { certificate in certificate.expiresOn.map { .init(id: "\(certificate.id)", label: certificate.name, expires: $0) } },
                apps: appResults.map { .init(name: $0.name, isUp: $0.isUp) })
            alerts = engine.evaluate(integrations: sample, alerts: alerts, silences: [], now: Date()).alerts
            return hostList.count + appResults.filter(\.isUp).count
        }

        _ = try await cycle()  // warm up: logins, connections
        var wall: [Duration] = [], cpu: [Duration] = []
        var answered = 0
        for _ in 0..<iterations {
            let cpuStart = processCPU()
            let started = ContinuousClock.now
            answered = try await cycle()
            wall.append(ContinuousClock.now - started)
            cpu.append(processCPU() - cpuStart)
        }
        report.note("integrations: pfSense + Pi-hole v6 + NPM (50 hosts, hosts and certificates) + 20 app checks, concurrently (\(answered) hosts and apps up)")
        report.durations("integration cycle, wall", wall)
        report.durations("integration cycle, process CPU (clients and simulated services)", cpu)

        await clients.shutdown()
        for server in [pfsense.server, pihole.server, npm.server, apps.server] { await server.stop() }
    }
}
