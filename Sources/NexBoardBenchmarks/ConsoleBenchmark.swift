import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NexBoardCore
import NexBoardTesting
import Proxmox
import ProxmoxSimulator
import ServiceLifecycle
import Synchronization

/// The console proxy on loopback, through NexBoard (`/console/<id>/ws`, the application as it runs)
/// against a direct connection to the same simulated console (`vncwebsocket` with a ticket of one's
/// own):
/// - throughput: a VM's console asked for `updates` full-screen RFB updates at once (256 KB each,
///   sent by the simulator in 64 KiB frames), from the request to the last byte;
/// - latency: a container's terminal, one 64-byte message at a time echoed back, per round trip.
enum ConsoleBenchmark {
    struct Guest: Sendable {
        let vmid: Int
        let name: String
        let node: String
        let kind: Proxmox.GuestKind
    }

    /// What a socket's body measured, handed out of the socket's closure.
    final class Outcome: Sendable {
        private let result = Mutex<Result<[Duration], any Error>>(.success([]))

        func set(_ result: Result<[Duration], any Error>) { self.result.withLock { $0 = result } }
        func get() throws -> [Duration] { try result.withLock { $0 }.get() }
    }

    static func run(iterations: Int, updates: Int, messages: Int, report: BenchmarkReport) async throws {
        var quiet = Logger(label: "bench")
        quiet.logLevel = .critical
        let test = try await TestApplication.make(configure: { config in
            config.console.proxy = true
            config.http.publicURL = "http://127.0.0.1"
        })
        let group = ServiceGroup(configuration: .init(services: test.app.services, logger: quiet))
        let options = SimulatorOptions()
        let proxmox = try ProxmoxClient(
            connection: ProxmoxConnection(name: "bench", baseURL: test.simulatorBaseURL,
                                          auth: .token(id: options.tokenID, secret: Secret(options.tokenSecret))),
            logger: quiet)
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            let port = await test.app.httpPort()
            // The seeded cluster's VM web01 and container dns, as the tests use them.
            let guests = await test.cluster.guestSnapshots()
            guard let web01 = guests.first(where: { $0.name == "web01" }), let dns = guests.first(where: { $0.name == "dns" }) else {
                return report.note("console: the simulated cluster has no web01 and dns")
            }
            let vm = Guest(vmid: web01.vmid, name: web01.name, node: web01.node, kind: .qemu)
            let container = Guest(vmid: dns.vmid, name: dns.name, node: dns.node, kind: .lxc)
            let bytes = updates * ConsoleBrowser.updateSize
            report.note("console: \(updates) updates of \(ConsoleBrowser.updateSize) bytes (\(bytes / 1_000_000) MB) per sample, "
                        + "\(messages) echoed messages of 64 bytes per sample")

            var direct: [Duration] = []
            var proxied: [Duration] = []
            for _ in 0..<iterations {
                direct.append(try await directly(proxmox, vm, terminal: false) { try await stream(&$0, name: vm.name, updates: updates) }[0])
                proxied.append(try await throughNexBoard(test, port: port, vmid: vm.vmid, skipPassword: true) {
                    try await stream(&$0, name: vm.name, updates: updates)
                }[0])
            }
            let directRate = Double(bytes) / median(direct).timeInterval / 1_000_000
            let proxiedRate = Double(bytes) / median(proxied).timeInterval / 1_000_000
            report.value("console throughput, direct to the simulator (median of \(iterations))", directRate, unit: "MB/s")
            report.value("console throughput, through NexBoard (median of \(iterations))", proxiedRate, unit: "MB/s")
            report.value("console throughput through NexBoard, share of direct (target ≥ 70)", proxiedRate / directRate * 100, unit: "%")

            let directTrips = try await directly(proxmox, container, terminal: true) { try await echo(&$0, messages: messages) }
            let proxiedTrips = try await throughNexBoard(test, port: port, vmid: container.vmid, skipPassword: false) {
                try await echo(&$0, messages: messages)
            }
            report.durations("terminal echo round trip, direct", directTrips)
            report.durations("terminal echo round trip, through NexBoard", proxiedTrips)
            report.value("added latency p50", (percentile(proxiedTrips, 50) - percentile(directTrips, 50)).timeInterval * 1000, unit: "ms")
            report.value("added latency p99 (target ≤ 1)", (percentile(proxiedTrips, 99) - percentile(directTrips, 99)).timeInterval * 1000,
                         unit: "ms")
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
        try await proxmox.shutdown()
        await test.shutdown()
    }

    /// Asks for `updates` full-screen updates at once and times them from the request to the last byte.
    static func stream(_ browser: inout ConsoleBrowser, name: String, updates: Int) async throws -> [Duration] {
        _ = try await browser.handshake(name: name)
        let started = ContinuousClock.now
        try await browser.send(Array([[UInt8]](repeating: ConsoleBrowser.updateRequest, count: updates).joined()))
        _ = try await browser.read(updates * ConsoleBrowser.updateSize)
        return [ContinuousClock.now - started]
    }

    /// Sends `messages` 64-byte messages one at a time and times each echo.
    static func echo(_ browser: inout ConsoleBrowser, messages: Int) async throws -> [Duration] {
        let message = Array("0:58:".utf8) + [UInt8](repeating: UInt8(ascii: "x"), count: 59)
        var samples: [Duration] = []
        for _ in 0..<messages {
            let started = ContinuousClock.now
            try await browser.send(message)
            _ = try await browser.read(message.count)
            samples.append(ContinuousClock.now - started)
        }
        return samples
    }

    /// Runs `body` on a console socket opened with a ticket of one's own, as NexBoard opens it.
    static func directly(_ proxmox: ProxmoxClient, _ guest: Guest, terminal: Bool,
                         _ body: @escaping @Sendable (inout ConsoleBrowser) async throws -> [Duration]) async throws -> [Duration] {
        let ticket = try await proxmox.startConsole(node: guest.node, kind: guest.kind, vmid: guest.vmid, terminal: terminal)
        let result = Outcome()
        try await proxmox.connectConsole(node: guest.node, kind: guest.kind, vmid: guest.vmid, ticket: ticket) { inbound, outbound in
            var browser = ConsoleBrowser(inbound: inbound, outbound: outbound)
            do {
                if terminal {
                    try await outbound.write(.text("\(ticket.user):\(ticket.ticket.value)\n"))
                    try await browser.expect(Array("OK".utf8))
                }
                result.set(.success(try await body(&browser)))
            } catch {
                result.set(.failure(error))
            }
        }
        return try result.get()
    }

    /// Runs `body` on the console's socket through NexBoard: a link asked for in the chat, opened,
    /// and its cookie carried; for a VM the password frame is read first.
    static func throughNexBoard(_ test: TestApplication, port: Int, vmid: Int, skipPassword: Bool,
                                _ body: @escaping @Sendable (inout ConsoleBrowser) async throws -> [Duration]) async throws -> [Duration] {
        let (_, replies) = await test.send("vm console \(vmid)")
        guard let text = await replies.last?.text, let start = text.range(of: "/console/") else {
            throw ConsoleBrowser.Unexpected(description: "no console link in the reply")
        }
        let path = "/console/" + text[start.upperBound...].prefix { $0.isHexDigit }
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: .init(redirectConfiguration: .disallow))
        let opened: HTTPClientResponse
        do {
            opened = try await client.execute(HTTPClientRequest(url: "http://127.0.0.1:\(port)\(path)"), timeout: .seconds(10))
            try await client.shutdown()
        } catch {
            try? await client.shutdown()
            throw error
        }
        guard let location = opened.headers.first(name: "Location"), let cookie = opened.headers.first(name: "Set-Cookie")?.prefix(while: { $0 != ";" })
        else { throw ConsoleBrowser.Unexpected(description: "the link did not open (\(opened.status))") }
        let result = Outcome()
        try await ConsoleBrowser.connect(url: "ws://127.0.0.1:\(port)" + location.replacingOccurrences(of: "/view", with: "/ws"),
                                         cookie: String(cookie)) { browser in
            do {
                if skipPassword { _ = try await browser.frame() }
                result.set(.success(try await body(&browser)))
            } catch {
                result.set(.failure(error))
            }
        }
        return try result.get()
    }

    static func median(_ samples: [Duration]) -> Duration { percentile(samples, 50) }

    static func percentile(_ samples: [Duration], _ percent: Int) -> Duration {
        let sorted = samples.sorted()
        return sorted.isEmpty ? .zero : sorted[min(sorted.count - 1, sorted.count * percent / 100)]
    }
}
