import Foundation
import HTTPTypes
import HummingbirdWebSocket
import Logging
import NIOCore

/// `GET /api2/json/nodes/{node}[/{qemu|lxc}/{vmid}]/vncwebsocket?port=&vncticket=` upgraded to a
/// WebSocket, as pveproxy does: API authentication plus a one-time `PVEVNC:` ticket for that port and
/// target. A refused request is not upgraded; the router then answers it with 401.
///
/// A VNC ticket's connection speaks the start of RFB (`RFBServerSession`); a terminal ticket's
/// answers termproxy's "OK" to the client's `user:ticket` line and then echoes what it is sent.
enum ConsoleWebSocket {
    /// The largest frame the simulated console sends.
    static let maxFrame = 64 * 1024

    static func shouldUpgrade(_ request: HTTPRequest, cluster: SimulatedCluster, logger: Logger) async
        -> ShouldUpgradeResult<WebSocketDataHandler<HTTP1WebSocketUpgradeChannel.Context>> {
        guard let (target, query) = target(of: request.path ?? "") else { return .dontUpgrade }
        guard (try? await cluster.authenticate(authorization: request.headerFields[.authorization],
                                               cookieTicket: APIRequest.ticket(fromCookieHeader: request.headerFields[.cookie]),
                                               csrfToken: nil, isWrite: false)) != nil,
              let ticket = query["vncticket"], let port = query["port"].flatMap({ Int($0) }),
              let console = await cluster.takeConsoleTicket(ticket, port: port, target: target)
        else {
            logger.debug("vncwebsocket refused", metadata: ["target": "\(target)"])
            return .dontUpgrade
        }
        return .upgrade([:]) { inbound, outbound, _ in
            await cluster.consoleOpened()
            do {
                if console.protocolName == "vnc" {
                    try await serveRFB(name: console.name, inbound: inbound, outbound: outbound, cluster: cluster)
                } else {
                    try await serveTerminal(inbound: inbound, outbound: outbound, cluster: cluster)
                }
            } catch {
                await cluster.consoleClosed()
                throw error
            }
            await cluster.consoleClosed()
        }
    }

    /// The console's target ("pve1/qemu/101", or "pve1" for a node) and the query, for a vncwebsocket path.
    static func target(of path: String) -> (String, [String: String])? {
        let parts = path.split(separator: "?", maxSplits: 1)
        guard let route = parts.first else { return nil }
        let segments = route.split(separator: "/").map { APIRequest.decode($0) }
        guard segments.count >= 5, segments[0] == "api2", segments[1] == "json", segments[2] == "nodes", segments.last == "vncwebsocket"
        else { return nil }
        let target = segments[3..<(segments.count - 1)].joined(separator: "/")
        return (target, parts.count > 1 ? APIRequest.parseForm(parts[1]) : [:])
    }

    private static func serveRFB(name: String, inbound: WebSocketInboundStream, outbound: WebSocketOutboundWriter,
                                 cluster: SimulatedCluster) async throws {
        var session = RFBServerSession(name: name)
        try await outbound.write(.binary(ByteBuffer(bytes: session.greeting)))
        for try await frame in inbound {
            let bytes = Array(buffer: frame.data)
            await cluster.recordConsoleInput(bytes.count)
            let reply = session.receive(bytes)
            // pveproxy forwards what it reads from the VNC server, so a large update arrives in pieces.
            var start = 0
            while start < reply.count {
                let end = min(start + Self.maxFrame, reply.count)
                try await outbound.write(.binary(ByteBuffer(bytes: reply[start..<end])))
                start = end
            }
            if session.hasFailed { return }
        }
    }

    private static func serveTerminal(inbound: WebSocketInboundStream, outbound: WebSocketOutboundWriter,
                                      cluster: SimulatedCluster) async throws {
        var authenticated = false
        for try await frame in inbound {
            let bytes = Array(buffer: frame.data)
            await cluster.recordConsoleInput(bytes.count)
            if !authenticated {
                authenticated = true
                try await outbound.write(.binary(ByteBuffer(string: "OK")))
            } else {
                try await outbound.write(.binary(ByteBuffer(bytes: bytes)))
            }
        }
    }
}
