import Foundation
import Logging
import NexBoardCore

/// A pfSense firewall through the REST API v2 package: version, system status, gateways with
/// their latency and loss, interfaces and the WAN address.
public struct PfSenseClient: Sendable {
    public let service: String
    private let transport: IntegrationTransport
    private let auth: PfSenseAuth

    public init(connection: IntegrationConnection, auth: PfSenseAuth, clients: IntegrationHTTPClients, clock: AnyClock) throws {
        self.service = connection.service
        self.transport = try IntegrationTransport(connection: connection, clients: clients, clock: clock)
        self.auth = auth
    }

    /// Reads the four endpoints concurrently.
    public func status(logger: Logger) async throws -> FirewallStatus {
        async let version = call(PfSenseSystemVersion.self, "/api/v2/system/version", logger: logger)
        async let system = call(PfSenseSystemStatus.self, "/api/v2/status/system", logger: logger)
        async let gateways = call([PfSenseGatewayStatus].self, "/api/v2/status/gateways", logger: logger)
        async let interfaces = call([PfSenseInterfaceStats].self, "/api/v2/status/interfaces", logger: logger)
        let (versionAnswer, systemAnswer, gatewayList, interfaceList) = try await (version, system, gateways, interfaces)
        return FirewallStatus(
            product: "pfSense \(versionAnswer.version)", uptime: systemAnswer.uptime, cpuUsage: systemAnswer.cpu_usage,
            memoryUsage: systemAnswer.mem_usage, wanAddress: interfaceList.first { $0.name == "wan" }?.ipaddr,
            gateways: gatewayList.map {
                FirewallStatus.Gateway(name: $0.name, monitorIP: $0.monitorip, latency: $0.delay, loss: $0.loss,
                                       status: $0.status ?? "unknown", substatus: $0.substatus ?? "none")
            },
            interfaces: interfaceList.map {
                FirewallStatus.Interface(name: $0.name, description: $0.descr ?? $0.name.uppercased(), status: $0.status ?? "unknown",
                                         address: $0.ipaddr.flatMap { $0.isEmpty ? nil : $0 }, media: $0.media)
            })
    }

    private func call<T: Decodable & Sendable>(_ type: T.Type, _ path: String, logger: Logger) async throws -> T {
        var endpoint = IntegrationEndpoint(.get, path)
        endpoint.headers.append(auth.header)
        let response = try await transport.send(endpoint, logger: logger)
        if response.status == 404 {
            // Without the REST API v2 package (or with v1's /api/v1 only) the paths do not exist.
            throw IntegrationError.unsupportedVersion(service: service, detail: "no REST API v2 package at /api/v2")
        }
        return try transport.decode(PfSenseEnvelope<T>.self, from: response).data
    }
}
