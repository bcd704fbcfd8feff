import Foundation
import HummingbirdWSClient
import Logging
import NIOCore
import NIOWebSocket
import NexBoardCore
import NexBoardTesting
import Store
import TestScopes
import Testing

@testable import NexBoard

/// The console's WebSocket (`/console/<id>/ws`), proxied by NexBoard to the simulator's
/// `vncwebsocket`, end to end over real sockets on 127.0.0.1.
@Suite("Console proxy", .serialized, .stopsWhatItStarts)
struct ConsoleProxyTests {
    let links = ConsoleLinkTests()

    /// Runs a test application with console links proxied (`console.proxy`, the simulator's consoles
    /// on) and the console routes served on a free port.
    func withProxy<C: Clock<Duration>>(clock: C, bindings: [BindingConfig] = TestApplication.defaultBindings(),
                                       _ body: (TestApplication, Int) async throws -> Void) async throws {
        let test = try await TestApplication.make(bindings: bindings, clock: clock) { config in
            config.http.publicURL = ConsoleLinkTests.publicURL
            config.console.proxy = true
        }
        let logger = { var logger = Logger(label: "test"); logger.logLevel = .critical; return logger }()
        do {
            try await withWebPage(routes: { ConsoleRoutes.install(on: $0, console: test.app.console) }, logger: logger) { port in
                try await body(test, port)
            }
        } catch {
            await test.shutdown()
            throw error
        }
        await test.shutdown()
    }

    func withProxy(bindings: [BindingConfig] = TestApplication.defaultBindings(), _ body: (TestApplication, Int) async throws -> Void) async throws {
        try await withProxy(clock: ContinuousClock(), bindings: bindings, body)
    }

    /// Connects to the console's WebSocket as its page would, with `cookie` (and `origin`).
    @discardableResult
    func connect(_ location: String, port: Int, cookie: String?, origin: String? = nil,
                 _ body: @escaping @Sendable (inout ConsoleBrowser) async throws -> Void = { _ in }) async throws -> WebSocketCloseFrame? {
        try await ConsoleBrowser.connect(url: "ws://127.0.0.1:\(port)" + location.replacingOccurrences(of: "/view", with: "/ws"),
                                         cookie: cookie, origin: origin, body)
    }

    /// Waits (real time, up to 10 s) until `condition` holds.
    func eventually(_ what: String, _ condition: () async throws -> Bool) async throws {
        let deadline = ContinuousClock.now + .seconds(10)
        while try await !condition() {
            guard ContinuousClock.now < deadline else {
                Issue.record("not within 10 s: \(what)")
                return
            }
            try await Task.sleep(for: .milliseconds(20))
        }
    }

    func entries(_ test: TestApplication, _ command: String) async throws -> [AuditEntry] {
        try await links.audit(test, command: command)
    }

    /// Opens a link to the console of the guest named `name`; returns the page's location and cookie.
    func openConsole(_ test: TestApplication, port: Int, name: String, as subject: Subject = TestApplication.admin) async throws
        -> (location: String, cookie: String, id: String) {
        let guest = try await test.guest { $0.name == name }
        let opened = try await links.open(try await links.link(test, "vm console \(guest.vmid)", as: subject), port: port)
        #expect(opened.page.status == 200)
        return (opened.location, opened.cookie, String(opened.location.split(separator: "/")[1]))
    }

    @Test("a VM's console: the page gets the VNC password first, then the RFB greeting through NexBoard, and its bytes reach the simulator")
    func vnc() async throws {
        try await withProxy { test, port in
            let vm = try await test.guest { $0.name == "web01" }
            let console = try await openConsole(test, port: port, name: vm.name)
            let close = try await connect(console.location, port: port, cookie: console.cookie) { browser in
                let first = try #require(try await browser.frame())
                #expect(first.opcode == .text)
                let password = try JSONDecoder().decode([String: String].self, from: Data(buffer: first.data))["password"]
                #expect(password?.hasPrefix("PVEVNC:") == true)
                let serverInit = try await browser.handshake(name: vm.name)
                #expect(Array(serverInit.prefix(4)) == [1, 64, 0, 200], "320×200")
                #expect(String(decoding: serverInit.suffix(vm.name.utf8.count), as: UTF8.self) == vm.name)
                try await browser.send(ConsoleBrowser.updateRequest)
                let update = try await browser.read(ConsoleBrowser.updateSize)
                #expect(Array(update.prefix(4)) == [0, 0, 0, 1], "one rectangle")
            }
            #expect(close == nil || close?.closeCode == .normalClosure)
            #expect(await test.cluster.consoleInputByteCount() == 12 + 1 + 1 + ConsoleBrowser.updateRequest.count)
            try await eventually("the simulator's side closed") { await test.cluster.openConsoleCount() == 0 }
            try await eventually("the close is audited") { try await !entries(test, "console close").isEmpty }
            let closed = try #require(try await entries(test, "console close").first)
            #expect(closed.result == .ok)
            #expect(closed.detail?.hasPrefix("closed by the browser; 24 bytes to Proxmox, \(12 + 2 + 4 + serverInitSize(vm.name) + ConsoleBrowser.updateSize) bytes to the browser") == true,
                    "\(closed.detail ?? "")")
            let started = try #require(try await entries(test, "console proxy").first)
            #expect(started.result == .ok)
            #expect(started.target == "VM \(vm.vmid) (\(vm.name)) on homelab")
        }
    }

    func serverInitSize(_ name: String) -> Int { 24 + name.utf8.count }

    @Test("a container's terminal: NexBoard logs in to termproxy itself, the page never sees the ticket, and input echoes")
    func terminal() async throws {
        try await withProxy { test, port in
            let console = try await openConsole(test, port: port, name: "dns")
            try await connect(console.location, port: port, cookie: console.cookie) { browser in
                try await browser.send(Array("0:5:hello".utf8))
                let echo = try await browser.read(9)
                #expect(echo == Array("0:5:hello".utf8), "the echo, not \"OK\" nor a ticket")
            }
            #expect(await test.cluster.consoleInputByteCount() > "0:5:hello".utf8.count + "PVEVNC:".utf8.count,
                    "the login line went to the simulator, then the input")
            try await eventually("the simulator's side closed") { await test.cluster.openConsoleCount() == 0 }
        }
    }

    @Test("when the simulator closes its side, NexBoard closes the browser's with a reason")
    func proxmoxCloses() async throws {
        try await withProxy { test, port in
            let console = try await openConsole(test, port: port, name: "web01")
            let close = try await connect(console.location, port: port, cookie: console.cookie) { browser in
                _ = try await browser.frame()
                _ = try await browser.handshake(name: "web01")
                try await browser.send([0xff])  // not an RFB message: the simulated VNC server hangs up
                while try await browser.frame() != nil {}
            }
            #expect(close?.closeCode == .normalClosure)
            #expect(close?.reason == "The console was closed by Proxmox.")
            try await eventually("the close is audited") { try await !entries(test, "console close").isEmpty }
            #expect(try await entries(test, "console close").first?.detail?.hasPrefix("closed by Proxmox") == true)
        }
    }

    @Test("Proxmox refusing the console of a guest that stopped closes the page's socket with Proxmox's reason, audited, nothing left open")
    func proxmoxRefuses() async throws {
        try await withProxy { test, port in
            let vm = try await test.guest { $0.name == "web01" }
            let console = try await openConsole(test, port: port, name: vm.name)
            await test.cluster.crashGuest(vmid: vm.vmid)
            let close = try await connect(console.location, port: port, cookie: console.cookie) { browser in
                let frame = try await browser.frame()
                #expect(frame == nil, "nothing reaches the page")
            }
            #expect(close?.closeCode == .unknown(4502))
            #expect(close?.reason == "Proxmox reported an error: VM \(vm.vmid) not running")
            try await eventually("the refusal is audited") { try await !entries(test, "console proxy").isEmpty }
            let refused = try #require(try await entries(test, "console proxy").first)
            #expect(refused.result == .failed)
            #expect(refused.detail?.contains("not running") == true)
            #expect(await test.app.console.links.liveProxies(of: console.id).isEmpty)
            #expect(await test.cluster.openConsoleCount() == 0)
        }
    }

    @Test("Disconnect closes a live proxy on both sides")
    func disconnect() async throws {
        try await withProxy { test, port in
            let console = try await openConsole(test, port: port, name: "web01")
            let close = try await connect(console.location, port: port, cookie: console.cookie) { browser in
                _ = try await browser.frame()
                _ = try await browser.handshake(name: "web01")
                let disconnect = console.location.replacingOccurrences(of: "/view", with: "/disconnect")
                #expect(try await links.get(disconnect, port: port, cookie: console.cookie, method: .POST).status == 200)
                while try await browser.frame() != nil {}
            }
            #expect(close?.reason == "The console was disconnected.")
            try await eventually("the simulator's side closed") { await test.cluster.openConsoleCount() == 0 }
        }
    }

    @Test("the proxy ends at console.max_session, on the application's clock")
    func maxSession() async throws {
        let clock = ManualClock()
        try await withProxy(clock: clock) { test, port in
            let console = try await openConsole(test, port: port, name: "web01")
            let close = try await connect(console.location, port: port, cookie: console.cookie) { browser in
                _ = try await browser.frame()
                _ = try await browser.handshake(name: "web01")
                try await clock.waitForSleepers(1, dueIn: .seconds(7200))
                test.date.advance(by: 7200)
                clock.advance(by: .seconds(7200))
                while try await browser.frame() != nil {}
            }
            #expect(close?.closeCode == .unknown(4410))
            #expect(close?.reason?.contains("session has ended") == true)
            try await eventually("the simulator's side closed") { await test.cluster.openConsoleCount() == 0 }
            try await eventually("the close is audited") { try await !entries(test, "console close").isEmpty }
            #expect(try await entries(test, "console close").first?.detail?.hasPrefix("console session ended (max_session)") == true)
        }
    }

    @Test("no cookie, another console's cookie, an ended session, a removed role or another site: refused, audited, nothing proxied")
    func refusals() async throws {
        try await withProxy { test, port in
            let first = try await openConsole(test, port: port, name: "web01")
            let second = try await openConsole(test, port: port, name: "dns")
            for (cookie, origin) in [(nil, nil), (second.cookie, nil), (first.cookie, "https://evil.example")] as [(String?, String?)] {
                await #expect(throws: WebSocketClientError.webSocketUpgradeFailed) {
                    try await connect(first.location, port: port, cookie: cookie, origin: origin)
                }
            }
            let refused = try await entries(test, "console proxy")
            #expect(refused.count == 3)
            #expect(refused.allSatisfy { $0.result == .denied })
            #expect(refused.first?.detail?.contains("another origin") == true)
            try await connect(first.location, port: port, cookie: first.cookie, origin: ConsoleLinkTests.publicURL) { browser in
                let opcode = try await browser.frame()?.opcode
                #expect(opcode == .text, "the page's own origin connects")
            }

            test.date.advance(by: 7201)
            await #expect(throws: WebSocketClientError.webSocketUpgradeFailed) {
                try await connect(second.location, port: port, cookie: second.cookie)
            }
            #expect(try await entries(test, "console proxy").first?.result == .expired)
            let withoutUpgrade = try await links.get(second.location.replacingOccurrences(of: "/view", with: "/ws"), port: port, cookie: second.cookie)
            #expect(withoutUpgrade.status == 404, "the session is gone: the plain request gets the error page's status")
        }
        // The operator's role reaches guests tagged lab; the tag goes after the page opened.
        try await withProxy { test, port in
            let guest = try await test.guest { $0.tags.contains("lab") }
            let console = try await openConsole(test, port: port, name: guest.name, as: TestApplication.labOperator)
            await test.cluster.setGuestTags(vmid: guest.vmid, tags: guest.tags.filter { $0 != "lab" })
            await #expect(throws: WebSocketClientError.webSocketUpgradeFailed) {
                try await connect(console.location, port: port, cookie: console.cookie)
            }
            let refused = try #require(try await entries(test, "console proxy").first)
            #expect(refused.result == .denied)
            #expect(refused.subject == TestApplication.labOperator.description)
            #expect(await test.cluster.consoleInputByteCount() == 0)
            #expect(await test.cluster.openConsoleCount() == 0)
        }
    }

    @Test("a page that stops reading stops NexBoard reading from Proxmox: what the proxy has read stays bounded")
    func backPressure() async throws {
        try await withProxy { test, port in
            let console = try await openConsole(test, port: port, name: "web01")
            let requests = 400
            try await connect(console.location, port: port, cookie: console.cookie) { browser in
                _ = try await browser.frame()
                _ = try await browser.handshake(name: "web01")
                // 400 full-screen updates (≈ 102 MB) asked for at once, then nothing read for a while.
                try await browser.send(Array([[UInt8]](repeating: ConsoleBrowser.updateRequest, count: requests).joined()))
                let proxy = try #require(await test.app.console.links.liveProxies(of: console.id).first)
                var previous = -1
                var stable = 0
                for _ in 0..<1000 where stable < 25 {  // until unchanged for half a second (20 s at most)
                    try await Task.sleep(for: .milliseconds(20))
                    let now = proxy.fromProxmox
                    stable = now == previous ? stable + 1 : 0
                    previous = now
                }
                let bound = 32 << 20
                #expect(previous < bound, "read \(previous) bytes from Proxmox while the page read nothing")
                print("console proxy back-pressure: \(previous) bytes read from Proxmox while the page was stalled (of \(requests * ConsoleBrowser.updateSize))")
                // Reading again, everything arrives: nothing was dropped.
                _ = try await browser.read(requests * ConsoleBrowser.updateSize)
            }
        }
    }
}
