import AsyncHTTPClient
import Logging
import NIOCore
import Synchronization

/// The HTTP clients of every integration: one per way of checking certificates, shared by the
/// services that check them the same way, so that 20 app checks do not hold 20 connection pools.
public final class IntegrationHTTPClients: Sendable {
    private let clients = Mutex<[IntegrationTLS: HTTPClient]>([:])
    private let logger: Logger

    public init(logger: Logger) {
        self.logger = logger
    }

    /// The client for `tls`, made on first use. Throws when a CA file cannot be read.
    func client(for tls: IntegrationTLS) throws -> HTTPClient {
        if let client = clients.withLock({ $0[tls] }) { return client }
        let configuration = try Self.configuration(tls)
        return clients.withLock { clients in
            if let existing = clients[tls] { return existing }
            let made = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration, backgroundActivityLogger: logger)
            clients[tls] = made
            return made
        }
    }

    private static func configuration(_ tls: IntegrationTLS) throws -> HTTPClient.Configuration {
        var configuration = HTTPClient.Configuration()
        configuration.tlsConfiguration = try tls.configuration()
        configuration.redirectConfiguration = .disallow
        configuration.httpVersion = .http1Only
        configuration.decompression = .disabled
        // Fail fast on a refused connection instead of retrying until the deadline.
        configuration.connectionPool.retryConnectionEstablishment = false
        return configuration
    }

    /// Closes every client. Call once the integrations have stopped.
    public func shutdown() async {
        let all = clients.withLock { clients in
            defer { clients = [:] }
            return Array(clients.values)
        }
        for client in all {
            do { try await client.shutdown() } catch {
                logger.warning("Could not close an integration HTTP client", metadata: ["error": "\(error)"])
            }
        }
    }
}
