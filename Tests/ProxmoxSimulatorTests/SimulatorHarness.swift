import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOHTTP1
import NIOSSL
@testable import ProxmoxSimulator
#if canImport(Glibc)
import Glibc
#endif

/// A running simulator plus an HTTP client, for one test.
struct SimulatorHarness {
    let cluster: SimulatedCluster
    let server: ProxmoxSimulatorServer
    let client: HTTPClient
    let options: SimulatorOptions

    var tokenHeader: String { "PVEAPIToken=\(options.tokenID)=\(options.tokenSecret)" }

    /// Starts a cluster and server, runs `body`, then stops everything.
    static func with<T>(
        _ options: SimulatorOptions = .init(taskDuration: .milliseconds(150)),
        tls: Bool = false,
        consoles: Bool = false,
        _ body: (SimulatorHarness) async throws -> T
    ) async throws -> T {
        let cluster = SimulatedCluster(options: options)
        var logger = Logger(label: "simulator-test")
        logger.logLevel = .warning
        let server = try await ProxmoxSimulatorServer.start(cluster: cluster, tls: tls, consoles: consoles, logger: logger)
        var configuration = HTTPClient.Configuration()
        if let pem = server.certificatePEM {
            var tlsConfiguration = TLSConfiguration.makeClientConfiguration()
            tlsConfiguration.trustRoots = .certificates([try NIOSSLCertificate(bytes: Array(pem.utf8), format: .pem)])
            configuration.tlsConfiguration = tlsConfiguration
        }
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        let harness = SimulatorHarness(cluster: cluster, server: server, client: client, options: options)
        do {
            let result = try await body(harness)
            try await client.shutdown()
            await server.stop()
            return result
        } catch {
            try? await client.shutdown()
            await server.stop()
            throw error
        }
    }

    struct Reply {
        var status: Int
        var headers: HTTPHeaders
        var body: [UInt8]

        /// The whole JSON object of the body.
        var json: [String: Any] {
            (try? JSONSerialization.jsonObject(with: Data(body)) as? [String: Any]) ?? [:]
        }

        var data: Any? { json["data"] }
        var list: [[String: Any]] { (data as? [[String: Any]]) ?? [] }
        var object: [String: Any] { (data as? [String: Any]) ?? [:] }
    }

    enum Auth {
        case token
        case none
        case header(String)
        case ticket(ticket: String, csrf: String?)
    }

    /// Sends a request to `/api2/json` + `path`.
    func request(_ method: HTTPMethod = .GET, _ path: String, auth: Auth = .token,
                 form: [String: String]? = nil, json: String? = nil) async throws -> Reply {
        var request = HTTPClientRequest(url: server.baseURL + "/api2/json" + path)
        request.method = method
        switch auth {
        case .token: request.headers.add(name: "Authorization", value: tokenHeader)
        case .none: break
        case .header(let value): request.headers.add(name: "Authorization", value: value)
        case .ticket(let ticket, let csrf):
            request.headers.add(name: "Cookie", value: "PVEAuthCookie=\(ticket)")
            if let csrf { request.headers.add(name: "CSRFPreventionToken", value: csrf) }
        }
        if let form {
            let text = form.map { "\($0.key)=\($0.value.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")" }
                .joined(separator: "&")
            request.headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
            request.body = .bytes(ByteBuffer(string: text))
        } else if let json {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(string: json))
        }
        let response = try await client.execute(request, timeout: .seconds(30))
        let body = try await response.body.collect(upTo: 64 << 20)
        return Reply(status: Int(response.status.code), headers: response.headers, body: Array(body.readableBytesView))
    }

    /// Waits (polling) until the task has stopped, and returns its final status object.
    func waitForTask(node: String, upid: String, timeout: Duration = .seconds(15)) async throws -> [String: Any] {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            let status = try await request(.GET, "/nodes/\(node)/tasks/\(upid)/status").object
            if status["status"] as? String == "stopped" { return status }
            try await Task.sleep(for: .milliseconds(50))
        }
        return [:]
    }

    /// The raw status line of a plain-HTTP GET, read over a bare socket (HTTP clients normalise
    /// reason phrases of well-known codes, so this is how to see what the server really sent).
    func rawStatusLine(_ path: String, authorization: String?) async -> String {
        // Blocking socket calls run on a Dispatch thread, never on the cooperative pool the
        // server's responder needs.
        let port = server.port
        return await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(returning: Self.blockingStatusLine(port: port, path: path, authorization: authorization))
            }
        }
    }

    /// `rawStatusLine`, as a throwing call so that `#expect` shows the value it got.
    func statusLine(_ path: String, authorization: String?) async throws -> String {
        let line = await rawStatusLine(path, authorization: authorization)
        return line
    }

    private static func blockingStatusLine(port: Int, path: String, authorization: String?) -> String {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { return "" }
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { return "" }
        var text = "GET /api2/json\(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
        if let authorization { text += "Authorization: \(authorization)\r\n" }
        text += "\r\n"
        _ = text.withCString { send(descriptor, $0, strlen($0), 0) }
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4_096)
        while true {
            let count = recv(descriptor, &buffer, buffer.count, 0)
            if count <= 0 { break }
            received += buffer[0..<count]
            if received.contains(UInt8(ascii: "\n")) { break }
        }
        let firstLine = received.prefix { $0 != UInt8(ascii: "\r") && $0 != UInt8(ascii: "\n") }
        return String(decoding: firstLine, as: UTF8.self)
    }
}

// Lookups on decoded JSON, so that tests need no `$0` closures inside `#expect`
// (Swift Testing's expansion of such closures misjudged comparisons here).
extension Dictionary where Key == String, Value == Any {
    func text(_ key: String) -> String? { self[key] as? String }
    func number(_ key: String) -> Int? { self[key] as? Int }
}

extension Array where Element == [String: Any] {
    func matching(_ key: String, _ value: String) -> [[String: Any]] { filter { $0.text(key) == value } }
    func first(_ key: String, _ value: String) -> [String: Any]? { first { $0.text(key) == value } }
    func contains(_ key: String, _ value: String) -> Bool { contains { $0.text(key) == value } }
    func texts(_ key: String) -> [String] { compactMap { $0.text(key) } }
    func numbers(_ key: String) -> [Int] { compactMap { $0.number(key) } }
}
