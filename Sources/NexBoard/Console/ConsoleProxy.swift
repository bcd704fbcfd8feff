/*
 The console proxy: browser ⇄ NexBoard (`GET /console/<id>/ws`) ⇄ Proxmox (`vncwebsocket`).

 On the browser's upgrade NexBoard asks Proxmox, with its own API credentials, for `vncproxy`
 (`websocket=1`, kind novnc) or `termproxy` (kind xterm) on the guest, then opens the guest's
 `vncwebsocket?port=&vncticket=` on its node. Then bytes go both ways, each frame forwarded as one
 binary frame.

 What the browser sees first:
 - novnc: one text frame, `{"password":"<vncticket>"}`; every later frame is binary RFB. Proxmox
   asks a VNC client for VNC authentication with the ticket as the password (its own UI passes it to
   noVNC as the credential); the page hands it to noVNC. The ticket opens nothing without NexBoard's
   API credentials and is used up by NexBoard's own connection, so the page learns no usable secret.
   The simulator offers security type None and ignores it.
 - xterm: nothing extra. NexBoard sends termproxy's `user:ticket\n` line itself and waits for "OK"
   (anything after it in that frame is forwarded), so the browser never sees a Proxmox ticket; the
   page then speaks termproxy's framing (`0:LEN:DATA`, `1:COLS:ROWS:`, `2`), passed through as is.

 Back-pressure: each direction is one loop that reads a frame from one side and awaits its write to
 the other; a write waits while the receiving socket is not writable, so a browser that stops
 reading stops NexBoard reading from Proxmox (and the other way round). What one connection holds
 is bounded by the WebSocket layers' buffers: per direction at most the inbound channel's high
 watermark (10 frames) plus the frame in flight, with Proxmox's frames at most 1 MiB
 (`ProxmoxClient.maxConsoleFrame`) and the browser's at most 256 KiB
 (`WebPageServer.maxWebSocketFrame`), plus NIO's 64 KiB write buffer and the kernel's socket
 buffers: about 11 MiB from Proxmox and 3 MiB from the browser.

 Close: the first side to close, `console.max_session` (slept on the injected clock) or Disconnect
 (`ConsoleLinks.end`) ends the proxy, and both sides are closed with a code and a reason the page
 can show (`ConsoleProxyEnd`). A refusal by Proxmox (vncproxy error, a refused ticket, no
 connection) closes the browser's socket with code 4502 and Proxmox's message; nothing stays open.
 */
import Foundation
import HummingbirdWebSocket
import Logging
import NIOCore
import NIOWebSocket
import NexBoardCore
import Proxmox
import Synchronization

/// How a proxied console ended; what the browser's close frame and the audit log say.
enum ConsoleProxyEnd: Sendable, Equatable {
    /// The browser closed its socket.
    case browserClosed
    /// Proxmox closed the console (the guest's console ended, or Proxmox went away).
    case proxmoxClosed
    /// `console.max_session` passed.
    case sessionEnded
    /// The user pressed Disconnect (`ConsoleLinks.end`).
    case disconnected
    /// Proxmox refused or could not be reached; the message is the page's.
    case refused(String)

    /// The close code the browser receives: 1000 for a normal end, 4410 when the session ran out,
    /// 4502 when Proxmox refused.
    var closeCode: WebSocketErrorCode {
        switch self {
        case .browserClosed, .proxmoxClosed, .disconnected: .normalClosure
        case .sessionEnded: .unknown(4410)
        case .refused: .unknown(4502)
        }
    }

    /// The close reason the page can show (a close frame carries at most 123 bytes of it).
    var reason: String {
        let text = switch self {
        case .browserClosed: "The browser closed the console."
        case .proxmoxClosed: "The console was closed by Proxmox."
        case .sessionEnded: "This console session has ended. Ask the bot for a new link."
        case .disconnected: "The console was disconnected."
        case .refused(let message): message
        }
        return Self.truncated(text, bytes: 123)
    }

    /// The audit log's words.
    var detail: String {
        switch self {
        case .browserClosed: "closed by the browser"
        case .proxmoxClosed: "closed by Proxmox"
        case .sessionEnded: "console session ended (max_session)"
        case .disconnected: "disconnected by the user"
        case .refused(let message): "refused by Proxmox: \(message)"
        }
    }

    static func truncated(_ text: String, bytes: Int) -> String {
        var result = ""
        for character in text {
            guard result.utf8.count + String(character).utf8.count <= bytes else { break }
            result.append(character)
        }
        return result
    }
}

/// One live proxied console: the bytes it moved each way, and the switch that ends it from outside
/// (Disconnect). Shared between the proxy's loops, `ConsoleLinks` and tests.
final class ConsoleProxyTraffic: Sendable {
    private struct Counts {
        var fromBrowser = 0
        var fromProxmox = 0
        var end: ConsoleProxyEnd?
    }

    private let counts = Mutex(Counts())
    private let stop: AsyncStream<ConsoleProxyEnd>.Continuation
    /// Yields once when something outside ends the proxy.
    let stops: AsyncStream<ConsoleProxyEnd>

    init() {
        (stops, stop) = AsyncStream.makeStream(of: ConsoleProxyEnd.self, bufferingPolicy: .bufferingNewest(1))
    }

    /// Bytes read from the browser (and written to Proxmox, or being written).
    var fromBrowser: Int { counts.withLock { $0.fromBrowser } }
    /// Bytes read from Proxmox (and written to the browser, or being written).
    var fromProxmox: Int { counts.withLock { $0.fromProxmox } }

    /// How the proxy ended; nil while it runs.
    var end: ConsoleProxyEnd? { counts.withLock { $0.end } }

    /// Records how the proxy ended; the first end recorded stays. Returns whether this one did.
    @discardableResult
    func ended(_ end: ConsoleProxyEnd) -> Bool {
        counts.withLock { counts in
            guard counts.end == nil else { return false }
            counts.end = end
            return true
        }
    }

    func readFromBrowser(_ count: Int) { counts.withLock { $0.fromBrowser += count } }
    func readFromProxmox(_ count: Int) { counts.withLock { $0.fromProxmox += count } }

    /// Ends the proxy: both sides are closed with `reason`.
    func end(_ reason: ConsoleProxyEnd) {
        stop.yield(reason)
    }
}

/// Proxies one opened console session (see the comment at the top of this file).
struct ConsoleProxy {
    let console: ConsoleService
    let session: ConsoleLinks.Session
    /// The grant as authorized at connect time (the guest's current node).
    let grant: ConsoleGrant
    let address: String
    let logger: Logger

    /// Connects to Proxmox and moves bytes until one side closes, the session ends or the user
    /// disconnects; audits the start and the end (with bytes each way and duration).
    func run(browserInbound: WebSocketInboundStream, browserOutbound: WebSocketOutboundWriter) async {
        let traffic = ConsoleProxyTraffic()
        guard await console.links.attach(traffic, to: session.id) else {
            try? await browserOutbound.close(ConsoleProxyEnd.sessionEnded.closeCode, reason: ConsoleProxyEnd.sessionEnded.reason)
            return
        }
        let started = console.clock.now
        let terminal = grant.kind == .xterm
        do {
            let client = try console.clusters.cluster(named: grant.cluster).client.with(logger: logger)
            let ticket = try await client.startConsole(node: grant.node, kind: grant.guestKind, vmid: grant.vmid, terminal: terminal)
            try await client.connectConsole(node: grant.node, kind: grant.guestKind, vmid: grant.vmid, ticket: ticket) { inbound, outbound in
                let end = await connected(ticket: ticket, terminal: terminal, traffic: traffic, browser: (browserInbound, browserOutbound),
                                          proxmox: (inbound, outbound))
                traffic.ended(end)
            }
        } catch {
            let message = (error as? any UserFacingError)?.userMessage ?? "NexBoard could not open the console."
            logger.warning("Console proxy refused by Proxmox", metadata: ["error": "\(error)", "console": "\(session.id)"])
            let refused = ConsoleProxyEnd.refused(message)
            if traffic.ended(refused) {
                try? await browserOutbound.close(refused.closeCode, reason: refused.reason)
            }
        }
        await console.links.detach(traffic, from: session.id)
        let end = traffic.end ?? .proxmoxClosed
        if case .refused = end {
            await console.record("proxy", grant: grant, address: address, result: .failed, detail: end.detail)
            return
        }
        let duration = started.duration(to: console.clock.now)
        await console.record("close", grant: grant, address: address, result: .ok,
                             detail: "\(end.detail); \(traffic.fromBrowser) bytes to Proxmox, \(traffic.fromProxmox) bytes to the browser, "
                                 + "\(Int(duration.timeInterval.rounded())) s")
    }

    private typealias Side = (inbound: WebSocketInboundStream, outbound: WebSocketOutboundWriter)

    /// Once Proxmox's socket is open: the terminal login or the VNC password, then both directions,
    /// until the first of them, the session's end or Disconnect; then both sides are closed.
    private func connected(ticket: ConsoleTicket, terminal: Bool, traffic: ConsoleProxyTraffic, browser: Side, proxmox: Side) async
        -> ConsoleProxyEnd {
        let remaining = max(session.ends.timeIntervalSince(console.now()), 0)
        let clock = console.clock
        // The browser's bytes wait until Proxmox accepted the terminal login.
        let (loggedIn, openGate) = AsyncStream.makeStream(of: Void.self)
        return await withTaskGroup(of: ConsoleProxyEnd.self) { group in
            group.addTask {
                for await _ in loggedIn { break }
                do {
                    try Task.checkCancellation()
                    for try await frame in browser.inbound {
                        traffic.readFromBrowser(frame.data.readableBytes)
                        try await proxmox.outbound.write(.binary(frame.data))
                    }
                    return .browserClosed
                } catch {
                    return .proxmoxClosed
                }
            }
            group.addTask {
                var frames = proxmox.inbound.makeAsyncIterator()
                do {
                    if terminal {
                        try await proxmox.outbound.write(.text("\(ticket.user):\(ticket.ticket.value)\n"))
                        guard var first = try await frames.next(), first.data.readableBytesView.starts(with: Array("OK".utf8)) else {
                            return .refused("Proxmox refused the terminal login.")
                        }
                        first.data.moveReaderIndex(forwardBy: 2)
                        if first.data.readableBytes > 0 {
                            traffic.readFromProxmox(first.data.readableBytes)
                            try await browser.outbound.write(.binary(first.data))
                        }
                    } else {
                        try await browser.outbound.write(.text(Self.passwordMessage(ticket)))
                    }
                    openGate.yield()
                    await console.record("proxy", grant: grant, address: address, result: .ok,
                                         detail: "proxy started (\(terminal ? "termproxy" : "vncproxy") on \(grant.node))")
                    while let frame = try await frames.next() {
                        traffic.readFromProxmox(frame.data.readableBytes)
                        try await browser.outbound.write(.binary(frame.data))
                    }
                    return .proxmoxClosed
                } catch {
                    return .browserClosed
                }
            }
            group.addTask {
                do {
                    try await clock.sleep(for: .seconds(remaining))
                    return .sessionEnded
                } catch {
                    return .disconnected  // cancelled: another task ended first; this value is not used
                }
            }
            group.addTask {
                for await reason in traffic.stops { return reason }
                return .disconnected
            }
            let first = await group.next() ?? .disconnected
            openGate.finish()
            // Close frames end the other loops' streams; cancelling covers a side that stopped reading.
            if first != .browserClosed { try? await browser.outbound.close(first.closeCode, reason: first.reason) }
            if first != .proxmoxClosed { try? await proxmox.outbound.close(.normalClosure, reason: nil) }
            group.cancelAll()
            return first
        }
    }

    /// The first frame of a VNC console: `{"password":"…"}` (see the top of this file).
    static func passwordMessage(_ ticket: ConsoleTicket) -> String {
        struct Message: Encodable { let password: String }
        let data = (try? JSONEncoder().encode(Message(password: ticket.ticket.value))) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }
}
