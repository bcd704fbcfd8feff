import ArgumentParser
import Foundation
import Logging
import ProxmoxSimulator

struct SimulatorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulator",
        abstract: "Serve the simulated Proxmox VE cluster on its own, for any Proxmox client or exporter.")

    @Option(help: "Address to listen on, host:port (port 0: any free port).")
    var listen: String = "127.0.0.1:8006"

    @Flag(help: "Serve HTTPS with a self-signed certificate generated at start.")
    var tls = false

    @Option(help: "The accepted API token, USER@REALM!TOKENID=SECRET.")
    var token: String?

    @Option(help: "Number of nodes.")
    var nodes: Int = 3

    @Option(help: "Number of guests (VMs and containers) in all.")
    var guests: Int = 25

    @Option(help: "Seed of the generated cluster.")
    var seed: UInt64 = 42

    @Option(help: "Backups of every guest, over the backup storages and the Backup Server, as a large cluster has (0: the demo's few).")
    var backupsPerGuest: Int = 0

    @Option(help: "Also serve the simulated Proxmox Backup Server (the datastore behind pbs-store) at host:port.")
    var backupServer: String?

    func validate() throws {
        guard (1...500).contains(nodes) else { throw ValidationError("--nodes must be between 1 and 500.") }
        guard (0...100_000).contains(guests) else { throw ValidationError("--guests must be between 0 and 100000.") }
        guard Self.split(listen) != nil else { throw ValidationError("--listen must be host:port, e.g. 127.0.0.1:8006.") }
        guard (0...20).contains(backupsPerGuest) else { throw ValidationError("--backups-per-guest must be between 0 and 20.") }
        if let backupServer, Self.split(backupServer) == nil {
            throw ValidationError("--backup-server must be host:port, e.g. 127.0.0.1:8007.")
        }
        if let token, Self.parseToken(token) == nil {
            throw ValidationError("--token must look like USER@REALM!TOKENID=SECRET, e.g. root@pam!demo=s3cret.")
        }
    }

    func run() async throws {
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = .warning
            return handler
        }
        var options = SimulatorOptions(nodes: nodes, guests: guests, seed: seed)
        if let token, let (id, secret) = Self.parseToken(token) {
            options.tokenID = id
            options.tokenSecret = secret
        }
        let (host, port) = Self.split(listen)!
        let cluster = SimulatedCluster(options: options)
        await cluster.setBackupsPerGuest(backupsPerGuest)
        let server = try await ProxmoxSimulatorServer.start(cluster: cluster, host: host, port: port, tls: tls)
        var pbsServer: ProxmoxSimulatorServer?
        if let backupServer, let (host, port) = Self.split(backupServer) {
            pbsServer = try await ProxmoxSimulatorServer.startBackupServer(cluster: cluster, host: host, port: port, tls: tls)
        }
        print("Simulated Proxmox VE cluster `\(options.clusterName)`: \(nodes) nodes, \(guests) guests")
        print("URL:   \(server.baseURL)/api2/json")
        print("Token: PVEAPIToken=\(options.tokenID)=\(options.tokenSecret)")
        for (user, password) in options.users.sorted(by: { $0.key < $1.key }) {
            print("Login: \(user) / \(password)")
        }
        if let fingerprint = server.certificateFingerprintSHA256 {
            print("TLS certificate SHA-256 fingerprint: \(fingerprint)")
        }
        if let pbsServer {
            print("Proxmox Backup Server URL: \(pbsServer.baseURL)  Token: PBSAPIToken=\(options.tokenID):\(options.tokenSecret)")
        }
        print("Press Ctrl-C to stop.")
        // Standard output to a file or a pipe is buffered: whoever started it needs the URL now.
        fflush(nil)
        await Self.waitForSignal()
        await pbsServer?.stop()
        await server.stop()
    }

    static func split(_ address: String) -> (String, Int)? {
        guard let colon = address.lastIndex(of: ":"), let port = Int(address[address.index(after: colon)...]),
              (0...65535).contains(port) else { return nil }
        var host = String(address[..<colon])
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        return host.isEmpty ? nil : (host, port)
    }

    static func parseToken(_ token: String) -> (String, String)? {
        guard let equals = token.firstIndex(of: "=") else { return nil }
        let id = String(token[..<equals]), secret = String(token[token.index(after: equals)...])
        guard id.contains("@"), id.contains("!"), !secret.isEmpty else { return nil }
        return (id, secret)
    }

    /// Waits for SIGINT or SIGTERM.
    static func waitForSignal() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let once = SignalOnce(continuation)
            for number in [SIGINT, SIGTERM] {
                signal(number, SIG_IGN)
                let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
                source.setEventHandler { once.fire() }
                source.resume()
                once.keep(source)
            }
        }
    }
}

/// Resumes the continuation on the first signal only.
private final class SignalOnce: @unchecked Sendable {
    // Safe: every access goes through `lock`.
    private let lock = NSLock()
    private var continuation: CheckedContinuation<Void, Never>?
    private var sources: [any DispatchSourceSignal] = []

    init(_ continuation: CheckedContinuation<Void, Never>) {
        self.continuation = continuation
    }

    func keep(_ source: any DispatchSourceSignal) {
        lock.withLock { sources.append(source) }
    }

    func fire() {
        let pending = lock.withLock { () -> CheckedContinuation<Void, Never>? in
            defer { continuation = nil }
            return continuation
        }
        pending?.resume()
    }
}
