/*
 A real Matrix homeserver for tests: Synapse (PyPI `matrix-synapse`, which .ci/run installs in
 .build-venv), started on a free 127.0.0.1 port with a SQLite database in a scratch folder, no
 federation, raised rate limits and a registration shared secret. Users are registered through the
 shared-secret admin API. `with` stops it even when the test throws; `restart` stops and starts it
 on the same port and database (a homeserver restart while the bot runs).
 */
import AsyncHTTPClient
import Crypto
import Foundation
import NIOCore
import NIOHTTP1

/// A Synapse homeserver on 127.0.0.1.
public final class SynapseServer: @unchecked Sendable {
    // Safe: `process` is replaced only by `restart`, which tests call from one task; Process itself
    // may be terminated and waited for from any thread. The other properties are constants.
    private var process: Process
    public let port: Int
    public let directory: URL
    public static let serverName = "localhost"
    static let sharedSecret = "nexboard-test-shared-secret"

    /// The Python of a venv with `matrix-synapse` (`SYNAPSE_PYTHON`).
    public static var python: String? { ProcessInfo.processInfo.environment["SYNAPSE_PYTHON"] }

    /// The condition of a suite that needs Synapse: skipped without `SYNAPSE_PYTHON`, failed under CI.
    public static func required() throws(TestPeer.Missing) -> Bool {
        try TestPeer.check("matrix-synapse, a real Matrix homeserver (SYNAPSE_PYTHON)", present: python != nil)
    }

    public enum Failure: Error, CustomStringConvertible {
        case noPython
        case notReady(log: String)
        case registration(String)

        public var description: String {
            switch self {
            case .noPython: "SYNAPSE_PYTHON is not set"
            case let .notReady(log): "Synapse did not become ready; its log ends with: \(log)"
            case let .registration(detail): "could not register a Matrix user: \(detail)"
            }
        }
    }

    /// A registered user.
    public struct User: Sendable {
        public let userID: String
        public let accessToken: String
        public let password: String
    }

    private init(process: Process, port: Int, directory: URL) {
        self.process = process
        self.port = port
        self.directory = directory
    }

    /// `http://127.0.0.1:<port>`.
    public var baseURL: String { "http://127.0.0.1:\(port)" }

    /// Starts a new homeserver with an empty database.
    public static func start() async throws -> SynapseServer {
        guard let python else { throw Failure.noPython }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("nexboard-synapse-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let port = try LoopbackPort.free()
        try writeConfiguration(in: directory, port: port)
        let process = try launch(python: python, directory: directory)
        let server = SynapseServer(process: process, port: port, directory: directory)
        StartedByTest.started(server) { await server.stop() }
        do {
            try await server.waitUntilReady()
        } catch {
            await server.stop()
            throw error
        }
        return server
    }

    /// Runs `body` with a started homeserver and stops it afterwards, also when `body` throws.
    public static func with<T>(_ body: (SynapseServer) async throws -> T) async throws -> T {
        let server = try await start()
        do {
            let result = try await body(server)
            await server.stop()
            return result
        } catch {
            await server.stop()
            throw error
        }
    }

    /// Stops the homeserver and deletes its folder.
    public func stop() async {
        await ChildProcess.stop(process)
        try? FileManager.default.removeItem(at: directory)
        StartedByTest.stopped(self)
    }

    /// Stops the homeserver, waits `downtime`, and starts it again on the same port and database.
    public func restart(downtime: Duration = .zero) async throws {
        await ChildProcess.stop(process)
        if downtime > .zero { try await Task.sleep(for: downtime) }
        guard let python = Self.python else { throw Failure.noPython }
        process = try Self.launch(python: python, directory: directory)
        try await waitUntilReady()
    }

    /// Registers a user through the shared-secret admin API and returns its access token.
    public func register(_ name: String, password: String = "password-\(UUID().uuidString.prefix(8))") async throws -> User {
        let url = baseURL + "/_synapse/admin/v1/register"
        let nonceResponse = try await Self.request(url, method: .GET, body: nil)
        let nonceJSON = try? JSONSerialization.jsonObject(with: nonceResponse.body) as? [String: Any]
        guard let nonce = nonceJSON?["nonce"] as? String else { throw Failure.registration("no nonce: HTTP \(nonceResponse.status)") }
        var hmac = HMAC<Insecure.SHA1>(key: SymmetricKey(data: Data(Self.sharedSecret.utf8)))
        hmac.update(data: Data("\(nonce)\0\(name)\0\(password)\0notadmin".utf8))
        let mac = Data(hmac.finalize()).map { String(format: "%02x", $0) }.joined()
        let body = try JSONSerialization.data(withJSONObject: [
            "nonce": nonce, "username": name, "password": password, "admin": false, "mac": mac,
        ])
        let answer = try await Self.request(url, method: .POST, body: body)
        guard answer.status == 200, let json = try? JSONSerialization.jsonObject(with: answer.body) as? [String: Any],
              let user = json["user_id"] as? String, let token = json["access_token"] as? String
        else { throw Failure.registration("HTTP \(answer.status): \(String(decoding: answer.body, as: UTF8.self))") }
        return User(userID: user, accessToken: token, password: password)
    }

    private func waitUntilReady(timeout: Duration = .seconds(90)) async throws {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if let answer = try? await Self.request(baseURL + "/health", method: .GET, body: nil), answer.status == 200 { return }
            if !process.isRunning { break }
            try await Task.sleep(for: .milliseconds(100))
        }
        let log = (try? String(contentsOf: directory.appendingPathComponent("homeserver.log"), encoding: .utf8)) ?? ""
        let output = (try? String(contentsOf: directory.appendingPathComponent("synapse.out"), encoding: .utf8)) ?? ""
        throw Failure.notReady(log: String((log + output).suffix(3_000)))
    }

    private static func request(_ url: String, method: HTTPMethod, body: Data?) async throws -> (status: Int, body: Data) {
        var request = HTTPClientRequest(url: url)
        request.method = method
        if let body {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(bytes: body))
        }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
        let bytes = try await response.body.collect(upTo: 1 << 20)
        return (Int(response.status.code), Data(bytes.readableBytesView))
    }

    private static func launch(python: String, directory: URL) throws -> Process {
        try ChildProcess.launch(python, arguments: [
            "-m", "synapse.app.homeserver", "--config-path", directory.appendingPathComponent("homeserver.yaml").path,
        ], log: directory.appendingPathComponent("synapse.out"), directory: directory)
    }

    private static func writeConfiguration(in directory: URL, port: Int) throws {
        let path = directory.path
        let seed = Data((0..<32).map { _ in UInt8.random(in: 0...255) }).base64EncodedString().replacingOccurrences(of: "=", with: "")
        try "ed25519 a_test \(seed)\n".write(to: directory.appendingPathComponent("signing.key"), atomically: true, encoding: .utf8)
        try """
            version: 1
            formatters:
              precise:
                format: '%(asctime)s - %(name)s - %(levelname)s - %(message)s'
            handlers:
              file:
                class: logging.FileHandler
                formatter: precise
                filename: \(path)/homeserver.log
            root:
              level: WARNING
              handlers: [file]
            disable_existing_loggers: false

            """.write(to: directory.appendingPathComponent("log.config"), atomically: true, encoding: .utf8)
        let limit = "{per_second: 1000, burst_count: 1000}"
        try """
            server_name: "\(serverName)"
            pid_file: \(path)/homeserver.pid
            listeners:
              - port: \(port)
                bind_addresses: ['127.0.0.1']
                type: http
                tls: false
                x_forwarded: false
                resources:
                  - names: [client]
                    compress: false
            database:
              name: sqlite3
              args:
                database: \(path)/homeserver.db
            log_config: "\(path)/log.config"
            media_store_path: \(path)/media_store
            signing_key_path: "\(path)/signing.key"
            registration_shared_secret: "\(sharedSecret)"
            macaroon_secret_key: "nexboard-test-macaroon"
            form_secret: "nexboard-test-form"
            report_stats: false
            enable_registration: false
            trusted_key_servers: []
            suppress_key_server_warning: true
            federation_domain_whitelist: []
            rc_message: \(limit)
            rc_registration: \(limit)
            rc_login:
              address: \(limit)
              account: \(limit)
              failed_attempts: \(limit)
            rc_joins:
              local: \(limit)
            rc_invites:
              per_room: \(limit)
              per_user: \(limit)

            """.write(to: directory.appendingPathComponent("homeserver.yaml"), atomically: true, encoding: .utf8)
    }
}
