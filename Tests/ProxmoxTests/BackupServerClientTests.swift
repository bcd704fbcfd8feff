import Foundation
import Logging
import NexBoardCore
import ProxmoxSimulator
import Testing

@testable import Proxmox

@Suite("The Proxmox Backup Server client against the simulated PBS over real HTTPS")
struct BackupServerClientTests {
    /// Runs `body` with a simulated PBS over HTTPS and a client that trusts its certificate.
    static func withBackupServer(tokenSecret: String = SimulatorHarness.tokenSecret,
                                 _ body: (SimulatorHarness) async throws -> Void) async throws {
        let cluster = SimulatedCluster(options: SimulatorOptions(taskDuration: .milliseconds(200)))
        var quiet = Logger(label: "test.pbs")
        quiet.logLevel = .critical
        let server = try await ProxmoxSimulatorServer.startBackupServer(cluster: cluster, tls: true, logger: quiet)
        let client = try ProxmoxClient(
            connection: ProxmoxConnection(name: "sim/pbs", baseURL: server.baseURL,
                                          auth: .backupServerToken(id: SimulatorHarness.tokenID, secret: Secret(tokenSecret)),
                                          tls: .caPEM(try #require(server.certificatePEM))),
            logger: quiet)
        try await SimulatorHarness(cluster: cluster, server: server, client: client).run(body)
    }

    @Test("datastores, snapshots with verification and owner, garbage collection and jobs decode")
    func everything() async throws {
        try await Self.withBackupServer { sim in
            let client = sim.client
            let stores = try await client.backupServerDatastores()
            #expect(stores.map(\.store) == ["store1"])
            #expect(stores[0].total > stores[0].used)
            let snapshots = try await client.backupServerSnapshots(store: "store1")
            #expect(snapshots.contains { $0.backupType == "vm" && $0.verificationState == "ok" && $0.vmid != nil })
            #expect(snapshots.contains { $0.backupType == "host" && $0.vmid == nil })
            #expect(snapshots.allSatisfy { $0.owner != nil })
            let collections = try await client.backupServerGarbageCollections()
            #expect(collections.first?.lastRunState == "ok")
            #expect(try await client.backupServerJobs(.verify).first?.nextRun != nil)
            #expect(try await client.backupServerJobs(.prune).first?.schedule == "03:30")
        }
    }

    @Test("snapshots asked for one guest are that guest's only, and the same as in the whole list")
    func oneGuest() async throws {
        try await Self.withBackupServer { sim in
            let all = try await sim.client.backupServerSnapshots(store: "store1")
            let first = try #require(all.first { $0.vmid != nil })
            let kind: GuestKind = first.backupType == "ct" ? .lxc : .qemu
            let own = try await sim.client.backupServerSnapshots(store: "store1", of: (kind, try #require(first.vmid)))
            #expect(!own.isEmpty)
            #expect(own == all.filter { $0.backupType == first.backupType && $0.backupID == first.backupID })
        }
    }

    @Test("a wrong token is refused as unauthorized")
    func wrongToken() async throws {
        try await Self.withBackupServer(tokenSecret: "wrong") { sim in
            let client = sim.client
            await #expect(throws: ProxmoxError.unauthorized(cluster: "sim/pbs")) {
                _ = try await client.backupServerDatastores()
            }
        }
    }

    @Test("an unknown datastore is not found, and a stopped server is unreachable")
    func faults() async throws {
        try await Self.withBackupServer { sim in
            let (client, server) = (sim.client, sim.server)
            await #expect(throws: ProxmoxError.self) { _ = try await client.backupServerSnapshots(store: "nope") }
            await server.stop()
            do {
                _ = try await client.backupServerDatastores()
                Issue.record("a stopped server answered")
            } catch let error as ProxmoxError {
                #expect(error.metricKind == "unreachable")
            }
        }
    }

    @Test("a certificate that is not trusted is refused")
    func untrusted() async throws {
        let cluster = SimulatedCluster(options: SimulatorOptions())
        let server = try await ProxmoxSimulatorServer.startBackupServer(cluster: cluster, tls: true)
        let client = try ProxmoxClient(
            connection: ProxmoxConnection(name: "sim/pbs", baseURL: server.baseURL,
                                          auth: .backupServerToken(id: SimulatorHarness.tokenID, secret: Secret(SimulatorHarness.tokenSecret))),
            logger: Logger(label: "test"))
        await #expect(throws: ProxmoxError.self) { _ = try await client.backupServerDatastores() }
        try await client.shutdown()
        await server.stop()
    }
}
