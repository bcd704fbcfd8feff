import Foundation
import HTTPTypes
import HummingbirdWSClient
import Logging
import NIOCore
import Synchronization
import Testing

@testable import ProxmoxSimulator

/// `vncproxy`, `termproxy`, `spiceproxy` and the `vncwebsocket` that speaks the start of RFB.
@Suite("Simulated consoles")
struct ConsoleEndpointTests {
    /// What a WebSocket client read, and whether it connected at all.
    actor Transcript {
        var received: [UInt8] = []
        var connected = false
        func add(_ bytes: [UInt8]) { received += bytes }
        func markConnected() { connected = true }
    }

    /// Reads exact byte counts from a WebSocket's frames, however the sender split them.
    struct FrameReader {
        var frames: WebSocketInboundStream.AsyncIterator
        var buffer: [UInt8] = []
        let transcript: Transcript

        mutating func read(_ count: Int) async throws -> [UInt8] {
            while buffer.count < count {
                guard let frame = try await frames.next() else { throw CancellationError() }
                buffer += Array(buffer: frame.data)
            }
            defer { buffer.removeFirst(count) }
            let bytes = Array(buffer.prefix(count))
            await transcript.add(bytes)
            return bytes
        }
    }

    /// Connects to `vncwebsocket` with NexBoard's token (unless `token` is false) and runs `body`.
    func connect(_ harness: SimulatorHarness, path: String, port: Int, ticket: String, token: Bool = true,
                 _ body: @escaping @Sendable (inout FrameReader, WebSocketOutboundWriter) async throws -> Void = { _, _ in })
        async -> Transcript {
        let transcript = Transcript()
        var configuration = WebSocketClientConfiguration()
        configuration.maxFrameSize = 1 << 20
        if token { configuration.additionalHeaders[.authorization] = harness.tokenHeader }
        let encoded = ticket.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ticket
        let url = harness.server.baseURL.replacingOccurrences(of: "http", with: "ws") + "/api2/json\(path)?port=\(port)&vncticket=\(encoded)"
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        do {
            try await WebSocketClient.connect(url: url, configuration: configuration, logger: logger) { inbound, outbound, _ in
                await transcript.markConnected()
                var reader = FrameReader(frames: inbound.makeAsyncIterator(), transcript: transcript)
                try await body(&reader, outbound)
                try await outbound.close(.normalClosure, reason: nil)
            }
        } catch {
            // A refused upgrade fails the connection; the transcript says it never connected.
        }
        return transcript
    }

    /// The node of guest 100 (web01), a VM.
    func node(_ harness: SimulatorHarness) async throws -> String {
        try #require(await harness.cluster.guestSnapshot(vmid: 100)).node
    }

    func startVNC(_ harness: SimulatorHarness) async throws -> (port: Int, ticket: String) {
        let reply = try await harness.request(.POST, "/nodes/\(try await node(harness))/qemu/100/vncproxy", form: ["websocket": "1"])
        #expect(reply.status == 200)
        let data = try #require(reply.json["data"] as? [String: Any])
        return (try #require(data["port"] as? Int), try #require(data["ticket"] as? String))
    }

    @Test("vncproxy, termproxy and spiceproxy answer shaped like Proxmox VE's")
    func shapes() async throws {
        try await SimulatorHarness.with(consoles: true) { harness in
            let node = try await node(harness)
            let vnc = try #require(try await harness.request(.POST, "/nodes/\(node)/qemu/100/vncproxy", form: ["websocket": "1"])
                .json["data"] as? [String: Any])
            #expect(Set(vnc.keys) == ["port", "ticket", "upid", "user", "cert"])
            #expect((vnc["ticket"] as? String)?.hasPrefix("PVEVNC:") == true)
            #expect((vnc["upid"] as? String)?.contains(":vncproxy:100:") == true)
            let container = try await harness.request(.GET, "/cluster/resources?type=vm").json["data"] as? [[String: Any]] ?? []
            let lxc = try #require(container.first { $0["type"] as? String == "lxc" })
            let term = try await harness.request(.POST, "/nodes/\(lxc["node"] as? String ?? "")/lxc/\(lxc["vmid"] as? Int ?? 0)/termproxy")
            #expect(Set((term.json["data"] as? [String: Any] ?? [:]).keys) == ["port", "ticket", "upid", "user"])
            let shell = try await harness.request(.POST, "/nodes/pve1/termproxy")
            #expect((shell.json["data"] as? [String: Any])?["ticket"] != nil)
            let spice = try #require(try await harness.request(.POST, "/nodes/\(node)/qemu/100/spiceproxy").json["data"] as? [String: Any])
            #expect(spice["type"] as? String == "spice")
            #expect((spice["host"] as? String)?.hasPrefix("pvespiceproxy:") == true)
            #expect(spice["tls-port"] as? Int == 61000 && spice["proxy"] as? String == "http://\(node):3128")
            for (asked, answered) in [("spice.example.net", "http://spice.example.net:3128"), ("fd00::10", "http://[fd00::10]:3128")] {
                let proxied = try await harness.request(.POST, "/nodes/\(node)/qemu/100/spiceproxy", form: ["proxy": asked])
                #expect((proxied.json["data"] as? [String: Any])?["proxy"] as? String == answered, "as Proxmox writes the proxy asked for")
            }
            let elsewhere = node == "pve1" ? "pve2" : "pve1"
            #expect(try await harness.request(.POST, "/nodes/\(elsewhere)/qemu/100/vncproxy").status == 500, "the guest is not there")
        }
    }

    @Test("vncwebsocket with a fresh ticket speaks RFB 3.8 up to a raw framebuffer update, and the input arrives")
    func rfb() async throws {
        try await SimulatorHarness.with(consoles: true) { harness in
            let (port, ticket) = try await startVNC(harness)
            let path = "/nodes/\(try await node(harness))/qemu/100/vncwebsocket"
            let transcript = await connect(harness, path: path, port: port, ticket: ticket) { reader, outbound in
                #expect(try await reader.read(12) == Array("RFB 003.008\n".utf8))
                try await outbound.write(.binary(ByteBuffer(string: "RFB 003.008\n")))
                #expect(try await reader.read(2) == [1, 1], "one security type: None")
                try await outbound.write(.binary(ByteBuffer(bytes: [1])))
                #expect(try await reader.read(4) == [0, 0, 0, 0])
                try await outbound.write(.binary(ByteBuffer(bytes: [1])))
                let serverInit = try await reader.read(24)
                #expect(Array(serverInit[0..<4]) == [1, 64, 0, 200], "320×200")
                #expect(serverInit[4] == 32, "32 bits per pixel")
                let nameLength = Int(serverInit[20]) << 24 | Int(serverInit[21]) << 16 | Int(serverInit[22]) << 8 | Int(serverInit[23])
                #expect(String(decoding: try await reader.read(nameLength), as: UTF8.self) == "web01")
                // A FramebufferUpdateRequest, split over two frames.
                try await outbound.write(.binary(ByteBuffer(bytes: [3, 0, 0, 0, 0])))
                try await outbound.write(.binary(ByteBuffer(bytes: [0, 1, 64, 0, 200])))
                let header = try await reader.read(16)
                #expect(Array(header[0..<4]) == [0, 0, 0, 1], "one rectangle")
                #expect(Array(header[12..<16]) == [0, 0, 0, 0], "raw encoding")
                let pixels = try await reader.read(320 * 200 * 4)
                #expect(Array(pixels.prefix(4)) == [0x80, 0x40, 0x20, 0])
            }
            #expect(await transcript.connected)
            #expect(await harness.cluster.consoleInputByteCount() == 12 + 1 + 1 + 10)
        }
    }

    @Test("a used, wrong, expired or misdirected ticket, or no API token, is refused")
    func refusedTickets() async throws {
        try await SimulatorHarness.with(consoles: true) { harness in
            let node = try await node(harness)
            let path = "/nodes/\(node)/qemu/100/vncwebsocket"
            let (port, ticket) = try await startVNC(harness)
            #expect(await connect(harness, path: path, port: port, ticket: ticket, token: false).connected == false)
            // A refusal for a missing token does not spend the ticket; a first use does.
            #expect(await connect(harness, path: path, port: port, ticket: ticket).connected)
            #expect(await connect(harness, path: path, port: port, ticket: ticket).connected == false, "used already")

            let second = try await startVNC(harness)
            #expect(await connect(harness, path: path, port: second.port + 1, ticket: second.ticket).connected == false,
                    "another port")
            let third = try await startVNC(harness)
            #expect(await connect(harness, path: "/nodes/\(node)/qemu/101/vncwebsocket", port: third.port, ticket: third.ticket)
                .connected == false, "another guest")
            #expect(await connect(harness, path: path, port: port, ticket: "PVEVNC:00000000::forged").connected == false)

            // Without an upgrade the API answers 401 with Proxmox's message (in the body's status, as
            // this server keeps standard reason phrases); a refused upgrade gets 400 from the WebSocket layer.
            let plain = try await harness.request(.GET, "\(path)?port=\(port)&vncticket=x")
            #expect(plain.status == 401)
        }
    }

    @Test("a ticket older than 40 seconds is refused")
    func expiredTicket() async throws {
        let clock = ManualSeconds()
        let cluster = SimulatedCluster(options: .init(), now: clock.now)
        let node = try #require(await cluster.guestSnapshot(vmid: 100)).node
        _ = try await cluster.startConsole(node: node, kind: .qemu, vmid: 100, terminal: false, user: "root@pam")
        let tickets = await cluster.consoleTickets
        let (ticket, entry) = try #require(tickets.first)
        clock.advance(41)
        #expect(await cluster.takeConsoleTicket(ticket, port: entry.port, target: entry.target) == nil)
    }

    @Test("the RFB session reads its client byte by byte as well as in one piece, and fails on a bad version or security type")
    func rfbSession() {
        let client: [UInt8] = Array("RFB 003.008\n".utf8) + [1, 1] + [3, 0, 0, 0, 0, 0, 1, 64, 0, 200]
        var whole = RFBServerSession(name: "vm")
        let together = whole.receive(client)
        var split = RFBServerSession(name: "vm")
        let bytewise = client.flatMap { split.receive([$0]) }
        #expect(together == bytewise)
        #expect(together.count == 2 + 4 + 24 + 2 + 16 + 320 * 200 * 4)
        #expect(split.messageCounts == [3: 1])

        var bad = RFBServerSession(name: "vm")
        #expect(bad.receive(Array("HTTP/1.1 200".utf8)).isEmpty)
        #expect(bad.hasFailed)
        var vncAuth = RFBServerSession(name: "vm")
        let refusal = vncAuth.receive(Array("RFB 003.008\n".utf8) + [2])
        #expect(Array(refusal.suffix(from: 2).prefix(4)) == [0, 0, 0, 1], "SecurityResult failed, with a reason")
        #expect(vncAuth.hasFailed)
        var incremental = RFBServerSession(name: "vm")
        _ = incremental.receive(Array("RFB 003.008\n".utf8) + [1, 1])
        #expect(incremental.receive([3, 1, 0, 0, 0, 0, 1, 64, 0, 200]).isEmpty, "nothing changed, nothing sent")
    }
}

/// Seconds since 1970 moved by hand, for the cluster's `now`.
final class ManualSeconds: Sendable {
    private let current = Mutex(1_795_000_000.0)
    var now: @Sendable () -> Double { { self.current.withLock { $0 } } }
    func advance(_ seconds: Double) { current.withLock { $0 += seconds } }
}
