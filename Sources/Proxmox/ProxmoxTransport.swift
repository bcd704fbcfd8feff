/*
 The tiny transport under ProxmoxClient: one request, one deadline, the whole answer read.

 AsyncHTTPClient's own deadline stops at the response head, so the transport races the whole
 exchange (head and body) against the connection's timeout, slept on the injected clock
 (`Clock.withTimeout`); the loser is cancelled. (AsyncHTTPClient's own deadlines, in real time, stay as a backstop.)
 Connection failures become `.unreachable`, the deadline `.timeout`; status codes are left to the
 caller. Each request is logged at debug (method, log-safe path, status, duration) and timed.

 A pinned certificate (`TLS.fingerprint`): AsyncHTTPClient takes no verification callback (it makes
 its NIOSSLClientHandler itself), but it hands every new connection's channel, once TLS is up and
 before any request is written on it, to `http1_1ConnectionDebugInitializer`; a failure there fails the
 connection and the requests waiting for it. So BoringSSL accepts any certificate and that hook
 compares the one the server presented with the pin, on every connection the pool opens.
 */
import AsyncHTTPClient
import Foundation
import Logging
import Metrics
import NIOCore
import NIOFoundationCompat
import NIOHTTP1
import NIOSSL
import NexBoardCore

struct ProxmoxTransport: Sendable {
    /// What came back: the status, its reason phrase and the body.
    struct Response: Sendable {
        var status: Int
        var reasonPhrase: String
        var body: Data
    }

    /// Largest answer read (a big `/cluster/resources` is a few MB).
    static let maxBodyBytes = 64 * 1024 * 1024

    let httpClient: HTTPClient
    let cluster: String
    /// `{baseURL}/api2/json`.
    let apiBase: String
    let timeout: Duration
    /// Which certificates the cluster's connections trust (the console's WebSocket too).
    let tls: ProxmoxConnection.TLS
    /// What the deadline is slept on and the duration measured with.
    let clock: AnyClock
    let metrics: any MetricsFactory

    init(connection: ProxmoxConnection, clock: AnyClock, logger: Logger, metrics: any MetricsFactory) throws {
        self.metrics = metrics
        self.clock = clock
        var base = connection.baseURL
        while base.hasSuffix("/") { base.removeLast() }
        guard let url = URL(string: base), let scheme = url.scheme?.lowercased(), ["http", "https"].contains(scheme),
            url.host != nil
        else {
            throw ProxmoxError.invalidResponse(detail: "invalid base URL for cluster \(connection.name)")
        }
        if base.hasSuffix("/api2/json") { base.removeLast("/api2/json".count) }
        self.apiBase = base + "/api2/json"
        self.cluster = connection.name
        self.timeout = connection.timeout
        self.tls = connection.tls

        var configuration = HTTPClient.Configuration()
        configuration.tlsConfiguration = try Self.tlsConfiguration(connection.tls)
        if case .fingerprint(let pinned) = connection.tls {
            guard scheme == "https" else {
                throw ProxmoxError.invalidResponse(detail: "a pinned certificate needs an https URL for cluster \(connection.name)")
            }
            let check = Self.pinning(pinned, cluster: connection.name)
            configuration.http1_1ConnectionDebugInitializer = check
            configuration.http2ConnectionDebugInitializer = check
        }
        configuration.redirectConfiguration = .disallow
        configuration.httpVersion = .http1Only
        configuration.decompression = .disabled
        let amount = TimeAmount.nanoseconds(Self.nanoseconds(connection.timeout))
        configuration.timeout = .init(connect: amount, read: amount)
        // Fail fast on a refused connection instead of retrying until the deadline.
        configuration.connectionPool.retryConnectionEstablishment = false
        self.httpClient = HTTPClient(
            eventLoopGroupProvider: .singleton, configuration: configuration, backgroundActivityLogger: logger)
    }

    static func tlsConfiguration(_ tls: ProxmoxConnection.TLS) throws -> TLSConfiguration {
        var configuration = TLSConfiguration.makeClientConfiguration()
        switch tls {
        case .system:
            break
        case .caFile(let path):
            do {
                configuration.trustRoots = .certificates(try NIOSSLCertificate.fromPEMFile(path))
            } catch {
                throw ProxmoxError.invalidResponse(detail: "cannot read CA file \(path): \(error)")
            }
        case .caPEM(let pem):
            do {
                configuration.trustRoots = .certificates(try NIOSSLCertificate.fromPEMBytes(Array(pem.utf8)))
            } catch {
                throw ProxmoxError.invalidResponse(detail: "invalid CA PEM: \(error)")
            }
        case .insecure, .fingerprint:
            configuration.certificateVerification = .none
        }
        return configuration
    }

    /// Accepts a connection only when the server's certificate has the pinned fingerprint; closes it
    /// otherwise (AsyncHTTPClient drops a connection its initializer failed without closing it).
    static func pinning(_ pinned: CertificateFingerprint, cluster: String) -> @Sendable (any Channel) -> EventLoopFuture<Void> {
        { channel in
            channel.nioSSL_peerCertificate().flatMapThrowing { certificate in
                let presented = try certificate.map(CertificateFingerprint.init(of:))
                guard presented == pinned else {
                    channel.close(promise: nil)
                    throw ProxmoxError.certificateMismatch(cluster: cluster, pinned: pinned, presented: presented)
                }
            }
        }
    }

    /// The whole body in one buffer, sized from the Content-Length when the answer gives one: a
    /// 3 MB `/cluster/resources` is neither copied as a growing buffer doubles nor held twice while it does.
    static func collect(_ response: HTTPClientResponse) async throws -> ByteBuffer {
        let length = response.headers.first(name: "Content-Length").flatMap { Int($0) }
        if let length, length > maxBodyBytes { throw NIOTooManyBytesError(maxBytes: maxBodyBytes) }
        var body = ByteBufferAllocator().buffer(capacity: length ?? 0)
        for try await var part in response.body {
            guard part.readableBytes <= maxBodyBytes - body.readableBytes else { throw NIOTooManyBytesError(maxBytes: maxBodyBytes) }
            body.writeBuffer(&part)
        }
        return body
    }

    static func nanoseconds(_ duration: Duration) -> Int64 {
        duration.wholeNanoseconds
    }

    /// Sends the endpoint's request with extra headers (auth) and reads the whole answer.
    func send(_ endpoint: ProxmoxEndpoint, headers: HTTPHeaders, logger: Logger) async throws -> Response {
        var request = HTTPClientRequest(url: apiBase + endpoint.path + Self.queryString(endpoint))
        request.method = endpoint.method
        request.headers = headers
        request.headers.replaceOrAdd(name: "Accept", value: "application/json")
        if endpoint.method != .GET {
            let body = FormEncoding.form(endpoint.form)
            request.headers.replaceOrAdd(name: "Content-Type", value: "application/x-www-form-urlencoded")
            request.body = .bytes(ByteBuffer(string: body))
        }

        let prepared = request
        let clock = self.clock
        let started = clock.now
        let timeout = self.timeout
        let client = httpClient
        let outcome: Result<Response, ProxmoxError>
        do {
            let response = try await clock.withTimeout(timeout) {
                let deadline = NIODeadline.now() + .nanoseconds(Self.nanoseconds(timeout))
                let response = try await client.execute(prepared, deadline: deadline, logger: logger)
                let body = try await Self.collect(response)
                // A large body (`backup list` reads 20 MB) is handed over without a copy.
                return Response(
                    status: Int(response.status.code), reasonPhrase: response.status.reasonPhrase,
                    body: Data(buffer: body, byteTransferStrategy: .automatic))
            }
            if let response {
                outcome = .success(response)
            } else {
                outcome = .failure(.timeout(cluster: cluster, after: timeout))
            }
        } catch where Task.isCancelled {
            // The caller gave up; that is not the cluster's fault.
            throw error
        } catch {
            outcome = .failure(mapTransportError(error, logger: logger))
        }

        let elapsed = started.duration(to: clock.now)
        Timer(
            label: MetricFamily.proxmoxRequestDuration.name,
            dimensions: [("cluster", cluster), ("endpoint", endpoint.template)],
            factory: metrics
        ).recordNanoseconds(Self.nanoseconds(elapsed))
        var metadata: Logger.Metadata = [
            "proxmox.cluster": "\(cluster)",
            "proxmox.request": "\(endpoint.logDescription)",
            "proxmox.duration_ms": "\(Self.nanoseconds(elapsed) / 1_000_000)",
        ]
        switch outcome {
        case .success(let response):
            metadata["proxmox.status"] = "\(response.status)"
            logger.debug("proxmox request", metadata: metadata)
            return response
        case .failure(let error):
            metadata["proxmox.error"] = "\(error)"
            logger.debug("proxmox request failed", metadata: metadata)
            throw error
        }
    }

    func shutdown() async throws {
        try await httpClient.shutdown()
    }

    private static func queryString(_ endpoint: ProxmoxEndpoint) -> String {
        guard endpoint.method == .GET else { return "" }
        let query = endpoint.query
        return query.isEmpty ? "" : "?" + FormEncoding.form(query)
    }

    private func mapTransportError(_ error: any Error, logger: Logger) -> ProxmoxError {
        if let error = error as? ProxmoxError { return error }
        if let error = error as? HTTPClientError {
            if [.deadlineExceeded, .readTimeout, .writeTimeout, .cancelled].contains(error) {
                return .timeout(cluster: cluster, after: timeout)
            }
            if [.invalidURL, .emptyHost, .emptyScheme].contains(error) {
                return .invalidResponse(detail: "invalid URL for cluster \(cluster)")
            }
        }
        if error is CancellationError {
            return .timeout(cluster: cluster, after: timeout)
        }
        logger.warning(
            "proxmox connection failed",
            metadata: ["proxmox.cluster": "\(cluster)", "error": "\(String(reflecting: error))"])
        return .unreachable(cluster: cluster)
    }
}
