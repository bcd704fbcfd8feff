import Hummingbird
import HummingbirdCore
import HummingbirdTLS
import HummingbirdWebSocket
import HTTPServing
import Logging
import NIOCore
import NIOSSL

/// Serves a `SimulatedCluster` over real HTTP (or HTTPS with a fresh self-signed certificate)
/// under `/api2/json`, as a Proxmox VE node's pve-api-daemon does.
///
/// ```swift
/// let cluster = SimulatedCluster(options: SimulatorOptions(nodes: 3, guests: 25))
/// let server = try await ProxmoxSimulatorServer.start(cluster: cluster, tls: true, logger: logger)
/// // point a client at server.baseURL + "/api2/json", trusting server.certificatePEM, with
/// // "Authorization: PVEAPIToken=root@pam!nexboard=11111111-2222-3333-4444-555555555555"
/// await server.stop()
/// ```
///
/// The server runs as a `RunningServer`; `stop()` shuts it down gracefully and waits.
public final class ProxmoxSimulatorServer: Sendable {
    /// "http://127.0.0.1:PORT" or "https://127.0.0.1:PORT", without `/api2/json`.
    public let baseURL: String
    /// The bound port.
    public let port: Int
    /// PEM of the self-signed certificate when serving TLS.
    public let certificatePEM: String?
    /// SHA-256 fingerprint of that certificate, "AB:CD:...", as PVE shows fingerprints.
    public let certificateFingerprintSHA256: String?
    private let server: RunningServer

    private init(baseURL: String, certificate: SelfSignedCertificate?, server: RunningServer) {
        self.baseURL = baseURL
        self.port = server.port
        self.certificatePEM = certificate?.certificatePEM
        self.certificateFingerprintSHA256 = certificate?.fingerprintSHA256
        self.server = server
    }

    /// Starts listening and returns once the port is bound (`RunningServer.DidNotBind` when it cannot).
    /// `port` 0 picks any free port.
    ///
    /// With `consoles`, `vncwebsocket` requests upgrade to WebSockets (see `ConsoleWebSocket`). Such a
    /// server sends the standard reason phrases: the handler that writes pve-api-daemon's own phrases
    /// does not yet work beside the WebSocket upgrade, so it is left out there.
    public static func start(
        cluster: SimulatedCluster,
        host: String = "127.0.0.1",
        port: Int = 0,
        tls: Bool = false,
        consoles: Bool = false,
        logger: Logger = Logger(label: "simulator")
    ) async throws -> ProxmoxSimulatorServer {
        let certificate = tls ? try SelfSignedCertificate(commonName: host) : nil
        if let certificate { await cluster.setLocalFingerprint(certificate.fingerprintSHA256) }
        return try await serve(router: APIRouter(cluster: cluster), serverName: "pve-api-daemon/3.0", host: host, port: port,
                               certificate: certificate, consoles: consoles ? cluster : nil, logger: logger)
    }

    /// Starts a simulated Proxmox Backup Server for the cluster, on its own port: the PBS API
    /// (`/api2/json/admin/datastore/…`) over the cluster's backups on its `pbs` storage, with
    /// `Authorization: PBSAPIToken=USER@REALM!TOKENID:SECRET` (the cluster's token).
    public static func startBackupServer(
        cluster: SimulatedCluster,
        host: String = "127.0.0.1",
        port: Int = 0,
        tls: Bool = false,
        logger: Logger = Logger(label: "simulator.pbs")
    ) async throws -> ProxmoxSimulatorServer {
        let certificate = tls ? try SelfSignedCertificate(commonName: host) : nil
        return try await serve(router: BackupServerRouter(cluster: cluster), serverName: "proxmox-backup-proxy", host: host, port: port,
                               certificate: certificate, logger: logger)
    }

    /// - Parameter consoles: the cluster whose `vncwebsocket` requests upgrade to WebSockets; nil: none do.
    private static func serve(
        router: any SimulatorRouting, serverName: String, host: String, port: Int, certificate: SelfSignedCertificate?,
        consoles: SimulatedCluster? = nil, logger: Logger
    ) async throws -> ProxmoxSimulatorServer {
        let tls = certificate != nil
        let serverBuilder: HTTPServerBuilder
        let tlsConfiguration = try certificate.map { certificate in
            TLSConfiguration.makeServerConfiguration(
                certificateChain: [.certificate(try NIOSSLCertificate(bytes: Array(certificate.certificatePEM.utf8), format: .pem))],
                privateKey: .privateKey(try NIOSSLPrivateKey(bytes: Array(certificate.privateKeyPEM.utf8), format: .pem))
            )
        }
        switch (tlsConfiguration, consoles) {
        case let (configuration?, nil):
            serverBuilder = HTTPServerBuilder { responder in
                try TLSChannel(ReasonPhraseChannel(base: HTTP1Channel(responder: responder)), tlsConfiguration: configuration)
            }
        case (nil, nil):
            serverBuilder = HTTPServerBuilder { responder in ReasonPhraseChannel(base: HTTP1Channel(responder: responder)) }
        case let (configuration, cluster?):
            // Without ReasonPhraseChannel: wrapped around the upgrade channel, no request got an answer.
            let upgrading = { @Sendable (responder: @escaping HTTPChannelHandler.Responder) in
                HTTP1WebSocketUpgradeChannel(
                    responder: responder, configuration: .init(ws: .init(maxFrameSize: 1 << 20)),
                    shouldUpgrade: { request, _, logger in await ConsoleWebSocket.shouldUpgrade(request, cluster: cluster, logger: logger) })
            }
            if let configuration {
                serverBuilder = HTTPServerBuilder { responder in try TLSChannel(upgrading(responder), tlsConfiguration: configuration) }
            } else {
                serverBuilder = HTTPServerBuilder { responder in upgrading(responder) }
            }
        }
        let server = try await RunningServer.start(name: serverName, logger: logger) { onServerRunning in
            Application(
                responder: SimulatorResponder(router: router, logger: logger),
                server: serverBuilder,
                configuration: ApplicationConfiguration(address: .hostname(host, port: port), serverName: serverName),
                onServerRunning: onServerRunning,
                logger: logger
            )
        }
        let scheme = tls ? "https" : "http"
        let hostText = host.contains(":") ? "[\(host)]" : host
        logger.info("Proxmox simulator listening", metadata: ["url": "\(scheme)://\(hostText):\(server.port)"])
        return ProxmoxSimulatorServer(baseURL: "\(scheme)://\(hostText):\(server.port)", certificate: certificate, server: server)
    }

    /// Stops serving and waits until the server is down. Calling it again does nothing.
    public func stop() async {
        await server.stop()
    }
}
