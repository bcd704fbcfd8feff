import Foundation
import IntegrationSimulators
import Integrations
import Logging
import NexBoardCore
import NexBoardTesting
import ProxmoxSimulator
import Testing

@Suite("App checks over HTTP and HTTPS")
struct AppCheckerTests {
    let logger = Logger(label: "test.apps")

    func withApps(_ body: (AppSimulator, AppChecker) async throws -> Void) async throws {
        let apps = try await AppSimulator.start()
        try await withIntegrationClients(logger: logger, stopping: { await apps.stop() }) { clients in
            try await body(apps, AppChecker(clients: clients, clock: .continuous))
        }
    }

    @Test("An app that answers 200 is up, with its latency; an http URL has no certificate")
    func up() async throws {
        try await withApps { apps, checker in
            let result = await checker.check(AppCheck(name: "Nextcloud", url: apps.url(of: "Nextcloud")), logger: logger)
            #expect(result.isUp)
            #expect(result.status == 200)
            #expect(result.latency != nil)
            #expect(result.certificateExpiry == nil)
            #expect(result.problem == nil)
        }
    }

    @Test("An app switched off (502) is down with the status as the reason")
    func down() async throws {
        try await withApps { apps, checker in
            await apps.setDown("Jellyfin", true)
            let result = await checker.check(AppCheck(name: "Jellyfin", url: apps.url(of: "Jellyfin")), logger: logger)
            #expect(!result.isUp)
            #expect(result.problem == "HTTP 502")
        }
    }

    @Test("An expected status or text that does not come makes the app down")
    func expectations() async throws {
        try await withApps { apps, checker in
            let url = apps.url(of: "Grafana")
            let text = await checker.check(AppCheck(name: "Grafana", url: url, expectedText: "Grafana v11"), logger: logger)
            #expect(text.problem == "\"Grafana v11\" not in the page")
            let status = await checker.check(AppCheck(name: "Grafana", url: url, expectedStatus: 204), logger: logger)
            #expect(status.problem == "HTTP 200, expected 204")
            let both = await checker.check(AppCheck(name: "Grafana", url: url, expectedStatus: 200, expectedText: "ok"), logger: logger)
            #expect(both.isUp)
        }
    }

    @Test("Nothing listening is unreachable; a bad URL is reported as such")
    func unreachable() async throws {
        try await withApps { _, checker in
            #expect(await checker.check(AppCheck(name: "Gone", url: "http://127.0.0.1:9/"), logger: logger).problem == "unreachable")
            #expect(await checker.check(AppCheck(name: "Bad", url: "not a url"), logger: logger).problem == "invalid URL")
        }
    }

    @Test("An https app reports its certificate's expiry, trusted through a CA file")
    func certificateExpiry() async throws {
        let server = try await ProxmoxSimulatorServer.start(cluster: SimulatedCluster(options: SimulatorOptions(nodes: 1, guests: 0)), tls: true)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("nexboard-app-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let caFile = folder.appendingPathComponent("ca.pem")
        try #require(server.certificatePEM).write(to: caFile, atomically: true, encoding: .utf8)
        let clients = IntegrationHTTPClients(logger: logger)
        let checker = AppChecker(clients: clients, clock: .continuous)
        let result = await checker.check(AppCheck(name: "Proxmox", url: server.baseURL + "/api2/json/version", expectedStatus: 401,
                                                  tls: .caFile(caFile.path)), logger: logger)
        #expect(result.isUp, "\(result)")
        let expiry = try #require(result.certificateExpiry)
        #expect(expiry > Date())
        // Without trusting it, the same app is down: its certificate is not one the system trusts.
        let untrusted = await checker.check(AppCheck(name: "Proxmox", url: server.baseURL + "/api2/json/version", expectedStatus: 401), logger: logger)
        #expect(!untrusted.isUp)
        await clients.shutdown()
        await server.stop()
        try? FileManager.default.removeItem(at: folder)
    }
}
