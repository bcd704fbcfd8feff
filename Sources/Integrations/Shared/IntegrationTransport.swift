/*
 The tiny transport under every integration client: one request, one deadline, the whole answer.

 The exchange (head and body) races the connection's timeout, slept on the injected clock
 (`Clock.withTimeout`); the loser is cancelled. Connection failures become `.unreachable`, the deadline
 `.timeout`; statuses are left to the client. Each request is logged at debug with its log-safe
 description (no query values, no headers), status and duration.
 */
import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOHTTP1
import NexBoardCore

struct IntegrationTransport: Sendable {
    struct Response: Sendable {
        var status: Int
        var body: Data
    }

    let connection: IntegrationConnection
    let client: HTTPClient
    let clock: AnyClock
    /// Largest answer read.
    let maxBodyBytes: Int

    /// - Parameter maxBodyBytes: the default fits every service (NPM's host list with certificates
    ///   is the biggest: well under it); Prometheus's range queries take more.
    init(connection: IntegrationConnection, clients: IntegrationHTTPClients, clock: AnyClock, maxBodyBytes: Int = 16 * 1024 * 1024) throws {
        self.connection = connection
        self.maxBodyBytes = maxBodyBytes
        do {
            self.client = try clients.client(for: connection.tls)
        } catch {
            throw IntegrationError.invalidResponse(service: connection.service, detail: "cannot use its CA file: \(error)")
        }
        self.clock = clock
    }

    var service: String { connection.service }

    func send(_ endpoint: IntegrationEndpoint, logger: Logger) async throws -> Response {
        var request = HTTPClientRequest(url: connection.baseURL + endpoint.pathAndQuery)
        request.method = .init(rawValue: endpoint.method.rawValue)
        request.headers.add(name: "Accept", value: "application/json")
        for (name, value) in endpoint.headers { request.headers.replaceOrAdd(name: name, value: value) }
        if let body = endpoint.body {
            request.headers.replaceOrAdd(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(bytes: body))
        }
        let prepared = request
        let timeout = connection.timeout
        let started = clock.now
        let outcome: Result<Response, IntegrationError>
        do {
            let response = try await clock.withTimeout(timeout) { [client, maxBodyBytes] in
                let deadline = NIODeadline.now() + .nanoseconds(timeout.wholeNanoseconds)
                let response = try await client.execute(prepared, deadline: deadline, logger: logger)
                let body = try await response.body.collect(upTo: maxBodyBytes)
                return Response(status: Int(response.status.code), body: Data(body.readableBytesView))
            }
            if let response {
                outcome = .success(response)
            } else {
                outcome = .failure(.timeout(service: service, after: timeout))
            }
        } catch where Task.isCancelled {
            throw error
        } catch let error as HTTPClientError where [.deadlineExceeded, .readTimeout, .cancelled].contains(error) {
            outcome = .failure(.timeout(service: service, after: timeout))
        } catch {
            logger.debug("integration connection failed", metadata: ["integration": "\(service)", "error": "\(String(reflecting: error))"])
            outcome = .failure(.unreachable(service: service))
        }
        var metadata: Logger.Metadata = [
            "integration": "\(service)",
            "integration.request": "\(endpoint.logDescription)",
            "integration.duration_ms": "\(started.duration(to: clock.now).wholeMilliseconds)",
        ]
        switch outcome {
        case let .success(response):
            metadata["integration.status"] = "\(response.status)"
            logger.debug("integration request", metadata: metadata)
            return response
        case let .failure(error):
            metadata["integration.error"] = "\(error)"
            logger.debug("integration request failed", metadata: metadata)
            throw error
        }
    }

    /// Decodes a 2xx JSON answer; 401 and 403 are `.unauthorized`, other statuses `.unexpectedStatus`.
    func decode<T: Decodable>(_ type: T.Type, from response: Response, decoder: JSONDecoder = JSONDecoder()) throws -> T {
        switch response.status {
        case 200..<300:
            do {
                return try decoder.decode(T.self, from: response.body)
            } catch {
                throw IntegrationError.invalidResponse(service: service, detail: "\(T.self): \(error)")
            }
        case 401, 403:
            throw IntegrationError.unauthorized(service: service)
        default:
            throw IntegrationError.unexpectedStatus(service: service, status: response.status)
        }
    }

    /// Encodes a request body.
    static func json(_ value: some Encodable) -> [UInt8] {
        // Encoding these plain structs cannot fail.
        (try? Array(JSONEncoder().encode(value))) ?? []
    }
}
