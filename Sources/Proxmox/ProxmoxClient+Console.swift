import Foundation
import HTTPTypes
import HummingbirdWSClient
import Logging
import NIOSSL
import NexBoardCore

/// What `vncproxy` or `termproxy` hands out: the port of the console on the guest's node and a
/// one-time ticket (`PVEVNC:…`) that opens its `vncwebsocket` once, within about 40 seconds.
public struct ConsoleTicket: Sendable, Decodable {
    public let port: Int
    /// The `vncticket` of `vncwebsocket`; also the VNC password of a `vncproxy` console and the
    /// secret of termproxy's first line.
    public let ticket: Secret
    /// The user or token the ticket was made for (termproxy's first line names it).
    public let user: String

    public init(from decoder: any Decoder) throws {
        let c = try decoder.anyKeyed()
        port = try c.requiredInt("port")
        ticket = Secret(try c.requiredString("ticket"))
        user = c.lenientString("user") ?? ""
    }
}

extension ProxmoxClient {
    /// The largest WebSocket frame read from a console (a VNC update arrives in pieces of at most
    /// this size); it also bounds what one console connection buffers.
    public static let maxConsoleFrame = 1 << 20

    /// `POST /nodes/{node}/{qemu|lxc}/{vmid}/vncproxy` with `websocket=1`, or `…/termproxy` when
    /// `terminal`: starts the console and returns its ticket. A stopped guest is refused by Proxmox.
    public func startConsole(node: String, kind: GuestKind, vmid: Int, terminal: Bool) async throws -> ConsoleTicket {
        try await request(.startConsole(node: node, kind: kind, vmid: vmid, terminal: terminal), as: ConsoleTicket.self)
    }

    /// Opens the console's `vncwebsocket` on the guest's node, authenticated as every other request
    /// (API token header, or the login ticket's cookie) and with the cluster's TLS settings, and
    /// hands its two directions to `body`; the connection closes when `body` returns (with a normal
    /// close, unless `body` closed it already). Returns the
    /// close frame Proxmox sent, if any.
    ///
    /// Throws `ProxmoxError`: `.unreachable` when no connection could be made, `.server(401, …)` when
    /// Proxmox refused the upgrade (a wrong, used or expired ticket).
    @discardableResult
    public func connectConsole(
        node: String, kind: GuestKind, vmid: Int, ticket: ConsoleTicket,
        body: @escaping @Sendable (WebSocketInboundStream, WebSocketOutboundWriter) async -> Void
    ) async throws -> WebSocketCloseFrame? {
        let endpoint = ProxmoxEndpoint.consoleWebSocket(node: node, kind: kind, vmid: vmid, port: ticket.port, ticket: ticket.ticket)
        let tlsConfiguration: TLSConfiguration?
        switch transport.tls {
        case .fingerprint:
            // The WebSocket client takes no verification hook, so a pinned certificate cannot be checked on it.
            throw ProxmoxError.invalidResponse(detail: "a console cannot be proxied to a cluster with a pinned certificate fingerprint")
        default:
            tlsConfiguration = transport.apiBase.lowercased().hasPrefix("https") ? try ProxmoxTransport.tlsConfiguration(transport.tls) : nil
        }
        var fields = HTTPFields()
        for header in try await authenticationHeaders(for: endpoint).0 {
            if let name = HTTPField.Name(header.name) { fields.append(HTTPField(name: name, value: header.value)) }
        }
        let url = "ws" + transport.apiBase.dropFirst("http".count) + endpoint.path + "?" + FormEncoding.form(endpoint.query)
        logger.debug("proxmox console connecting", metadata: ["proxmox.request": "\(endpoint.logDescription)"])
        do {
            return try await WebSocketClient.connect(
                url: url, configuration: WebSocketClientConfiguration(maxFrameSize: Self.maxConsoleFrame, additionalHeaders: fields),
                tlsConfiguration: tlsConfiguration, logger: logger
            ) { inbound, outbound, _ in
                await body(inbound, outbound)
            }
        } catch let error as WebSocketClientError where error == .webSocketUpgradeFailed {
            throw ProxmoxError.server(status: 401, message: "the console connection was refused (invalid or expired console ticket)")
        } catch let error as WebSocketClientError {
            throw ProxmoxError.invalidResponse(detail: "console WebSocket: \(error)")
        } catch where Task.isCancelled {
            throw CancellationError()
        } catch {
            logger.warning("proxmox console connection failed", metadata: ["error": "\(String(reflecting: error))"])
            throw ProxmoxError.unreachable(cluster: clusterName)
        }
    }
}
