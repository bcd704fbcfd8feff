import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOHTTP1
import NexBoardCore
import NexBoardTesting
import Store
import TestScopes
import Testing
import WebPage

@testable import NexBoard

/// `vm console` and the links it gives, opened over real HTTP on 127.0.0.1.
@Suite("Console links", .serialized, .stopsWhatItStarts)
struct ConsoleLinkTests {
    static let publicURL = "https://nexboard.test"

    struct Page {
        var status: Int
        var headers: [(String, String)]
        var body: String

        func header(_ name: String) -> String? { headers.first { $0.0.lowercased() == name.lowercased() }?.1 }
        var cookies: [String] { headers.filter { $0.0.lowercased() == "set-cookie" }.map(\.1) }
    }

    /// Runs a test application (public URL set) with its console routes served on a free port.
    func withConsole(bindings: [BindingConfig] = TestApplication.defaultBindings(), configure: (inout NexBoardConfig) -> Void = { _ in },
                     _ body: (TestApplication, Int) async throws -> Void) async throws {
        let test = try await TestApplication.make(bindings: bindings) { config in
            config.http.publicURL = Self.publicURL
            config.console.proxy = true
            configure(&config)
        }
        let logger = { var logger = Logger(label: "test"); logger.logLevel = .critical; return logger }()
        do {
            try await withWebPage(configuration: test.app.config.http, routes: { ConsoleRoutes.install(on: $0, console: test.app.console) },
                                  logger: logger) { port in
                try await body(test, port)
            }
        } catch {
            await test.shutdown()
            throw error
        }
        await test.shutdown()
    }

    /// Asks for a link as `subject`; returns its path (`/console/<token>`).
    func link(_ test: TestApplication, _ line: String, as subject: Subject = TestApplication.admin) async throws -> String {
        let (outcome, replies) = await test.send(line, as: subject)
        let reply = try #require(await replies.last)
        #expect(outcome == .ok, "\(reply.text ?? "")")
        #expect(reply.visibility == .requester)
        let text = try #require(reply.text)
        let start = try #require(text.range(of: Self.publicURL + "/console/"))
        let token = text[start.upperBound...].prefix { $0.isHexDigit }
        #expect(token.count == 64, "a 256-bit token in hex")
        return "/console/\(token)"
    }

    func get(_ path: String, port: Int, cookie: String? = nil, method: HTTPMethod = .GET, forwardedFor: String? = nil) async throws -> Page {
        // Redirects are read, not followed: the test checks the 303 and its cookie.
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: .init(redirectConfiguration: .disallow))
        var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)\(path)")
        request.method = method
        if let cookie { request.headers.add(name: "Cookie", value: cookie) }
        if let forwardedFor { request.headers.add(name: "X-Forwarded-For", value: forwardedFor) }
        do {
            let response = try await client.execute(request, timeout: .seconds(20))
            let body = try await response.body.collect(upTo: 1 << 20)
            try await client.shutdown()
            return Page(status: Int(response.status.code), headers: response.headers.map { ($0.name, $0.value) }, body: String(buffer: body))
        } catch {
            try? await client.shutdown()
            throw error
        }
    }

    /// Opens `path` and follows the redirect with the cookie it set; returns the console page and the cookie.
    func open(_ path: String, port: Int) async throws -> (page: Page, cookie: String, location: String) {
        let opened = try await get(path, port: port)
        #expect(opened.status == 303)
        let location = try #require(opened.header("Location"))
        let setCookie = try #require(opened.cookies.first)
        let cookie = String(setCookie.prefix { $0 != ";" })
        return (try await get(location, port: port, cookie: cookie), cookie, location)
    }

    func audit(_ test: TestApplication, command: String = "console open") async throws -> [AuditEntry] {
        try await test.app.store.audit.recent(limit: 50, subject: nil, result: nil).filter { $0.command == command }
    }

    @Test("a link opens the console once, over a cookie scoped to that console, and leaves no token in the URL")
    func opensOnce() async throws {
        try await withConsole { test, port in
            let guest = try await test.guest { $0.name == "web01" }
            let path = try await link(test, "vm console \(guest.vmid)")
            let opened = try await get(path, port: port)
            #expect(opened.status == 303)
            let location = try #require(opened.header("Location"))
            #expect(location.hasPrefix("/console/") && location.hasSuffix("/view"))
            #expect(!location.contains(path.dropFirst("/console/".count)), "the token does not stay in the URL")
            let consoleID = location.split(separator: "/")[1]
            let setCookie = try #require(opened.cookies.first)
            let attributes = Set(setCookie.split(separator: ";").dropFirst().map { $0.trimmingCharacters(in: .whitespaces).lowercased() })
            #expect(attributes.contains("httponly"))
            #expect(attributes.contains("secure"), "the public URL is https")
            #expect(attributes.contains("samesite=strict"))
            #expect(attributes.contains("path=/console/\(consoleID)"))
            #expect(attributes.contains("max-age=7200"))

            let cookie = String(setCookie.prefix { $0 != ";" })
            let page = try await get(location, port: port, cookie: cookie)
            #expect(page.status == 200)
            #expect(page.body.contains("VM \(guest.vmid) (\(guest.name))"))
            #expect(page.body.contains(guest.node))
            #expect(page.body.contains(#"id="status""#))
            #expect(page.header("Cache-Control") == "no-store")
            #expect(page.header("Referrer-Policy") == "no-referrer")
            #expect(page.header("X-Frame-Options") == "DENY")
            let policy = try #require(page.header("Content-Security-Policy"))
            #expect(policy.contains("frame-ancestors 'none'") && !policy.contains("unsafe-inline"))
            #expect(try await get(location, port: port).status == 404, "without the cookie the page is not shown")

            let entries = try await audit(test)
            #expect(entries.count == 1)
            #expect(entries.first?.result == .ok)
            #expect(entries.first?.subject == TestApplication.admin.description)
            #expect(entries.first?.target == "VM \(guest.vmid) (\(guest.name)) on homelab")
        }
    }

    @Test("a reused link shows a plain error page and is audited")
    func reused() async throws {
        try await withConsole { test, port in
            let guest = try await test.guest { $0.name == "web01" }
            let path = try await link(test, "vm console \(guest.vmid)")
            #expect(try await get(path, port: port).status == 303)
            let again = try await get(path, port: port)
            #expect(again.status == 410)
            #expect(again.body.contains("used already"))
            #expect(!again.body.contains(guest.name), "the error page names no guest")
            #expect(again.cookies.isEmpty)
            let refused = try await audit(test).first
            #expect(refused?.result == .denied)
            #expect(refused?.detail == "console link used a second time")
            #expect(refused?.target?.contains("\(guest.vmid)") == true)
        }
    }

    @Test("an expired link shows a plain error page and is audited as expired")
    func expired() async throws {
        try await withConsole { test, port in
            let path = try await link(test, "vm console \(try await test.guest { $0.name == "web01" }.vmid)")
            test.date.advance(by: 61)
            let page = try await get(path, port: port)
            #expect(page.status == 410)
            #expect(page.body.contains("expired"))
            #expect(try await audit(test).first?.result == .expired)
            test.date.advance(by: -61)
            #expect(try await get(path, port: port).status == 410, "an expired link is gone, also if the clock goes back")
        }
    }

    @Test("a tampered link shows a plain error page and is audited with the caller's address")
    func tampered() async throws {
        try await withConsole { test, port in
            let path = try await link(test, "vm console \(try await test.guest { $0.name == "web01" }.vmid)")
            let tampered = String(path.dropLast()) + (path.last == "0" ? "1" : "0")
            let page = try await get(tampered, port: port)
            #expect(page.status == 404)
            #expect(page.body.contains("not valid"))
            let refused = try await audit(test).first
            #expect(refused?.result == .denied)
            #expect(refused?.subject == "web:127.0.0.1")
            #expect(refused?.target == nil)
            #expect(try await get(path, port: port).status == 303, "the real link still opens")
        }
    }

    @Test("one console's cookie does not open another guest's console")
    func anotherGuest() async throws {
        try await withConsole { test, port in
            let guests = await test.simulatedGuests()
            let first = try await open(try await link(test, "vm console \(guests[0].vmid)"), port: port)
            let second = try await open(try await link(test, "vm console \(guests[1].vmid)"), port: port)
            #expect(first.page.status == 200 && second.page.status == 200)
            let crossed = try await get(second.location, port: port, cookie: first.cookie)
            #expect(crossed.status == 404)
            #expect(!crossed.body.contains(guests[1].name))
            let refused = try await audit(test, command: "console view").first
            #expect(refused?.result == .denied)
            #expect(refused?.detail == "no console session for this cookie")
        }
    }

    @Test("a user whose permission on the guest was removed after the link was given is refused")
    func permissionRemoved() async throws {
        try await withConsole { test, port in
            let guest = try await test.guest { $0.tags.contains("lab") }
            let path = try await link(test, "vm console \(guest.vmid)", as: TestApplication.labOperator)
            // The operator's role reaches guests tagged lab; the tag goes before the link is opened.
            await test.cluster.setGuestTags(vmid: guest.vmid, tags: guest.tags.filter { $0 != "lab" })
            let page = try await get(path, port: port)
            #expect(page.status == 403)
            #expect(page.cookies.isEmpty, "no session, nothing to proxy")
            let refused = try await audit(test).first
            #expect(refused?.result == .denied)
            #expect(refused?.subject == TestApplication.labOperator.description)
            #expect(try await get(path, port: port).status == 410, "the refused link is used up")
        }
    }

    @Test("a session ends after console.max_session and the Disconnect button closes it")
    func sessionEnds() async throws {
        try await withConsole { test, port in
            let guests = await test.simulatedGuests()
            let first = try await open(try await link(test, "vm console \(guests[0].vmid)"), port: port)
            test.date.advance(by: 7201)
            let ended = try await get(first.location, port: port, cookie: first.cookie)
            #expect(ended.status == 410)
            #expect(try await audit(test, command: "console view").first?.result == .expired)

            let second = try await open(try await link(test, "vm console \(guests[1].vmid)"), port: port)
            let disconnect = second.location.replacingOccurrences(of: "/view", with: "/disconnect")
            let closed = try await get(disconnect, port: port, cookie: second.cookie, method: .POST)
            #expect(closed.status == 200)
            #expect(closed.cookies.first?.contains("Max-Age=0") == true)
            #expect(try await audit(test, command: "console close").first?.result == .ok)
            #expect(try await get(second.location, port: port, cookie: second.cookie).status == 404)
        }
    }

    @Test("failed link lookups are limited per address: past ten in a minute even a valid link waits")
    func rateLimited() async throws {
        try await withConsole(configure: { $0.console.linkTTL = .seconds(300) }) { test, port in
            let path = try await link(test, "vm console \(try await test.guest { $0.name == "web01" }.vmid)")
            for attempt in 0..<ConsoleLinks.failureLimit {
                #expect(try await get("/console/\(String(format: "%064x", attempt))", port: port).status == 404)
            }
            #expect(try await get(path, port: port).status == 429)
            #expect(try await audit(test).count == ConsoleLinks.failureLimit, "attempts past the limit do not fill the audit log")
            test.date.advance(by: 61)
            #expect(try await get(path, port: port).status == 303, "a minute after the failures the valid link opens")
        }
    }

    @Test("behind a trusted proxy failures count per forwarded client; without one, a forwarded header changes nothing")
    func rateLimitedBehindProxy() async throws {
        let proxy = try #require(IPRange("127.0.0.1"))
        try await withConsole(configure: { $0.http.trustedProxies = TrustedProxies([proxy]) }) { test, port in
            let path = try await link(test, "vm console \(try await test.guest { $0.name == "web01" }.vmid)")
            for attempt in 0..<ConsoleLinks.failureLimit {
                #expect(try await get("/console/\(String(format: "%064x", attempt))", port: port, forwardedFor: "203.0.113.66").status == 404)
            }
            #expect(try await get(path, port: port, forwardedFor: "203.0.113.66").status == 429)
            #expect(try await audit(test).first?.subject == "web:203.0.113.66", "the audit names the client, not the proxy")
            #expect(try await get(path, port: port, forwardedFor: "198.51.100.7").status == 303, "another client is not locked out")
        }
        try await withConsole { test, port in
            for attempt in 0..<ConsoleLinks.failureLimit {
                _ = try await get("/console/\(String(format: "%064x", attempt))", port: port, forwardedFor: "203.0.113.\(attempt)")
            }
            let path = try await link(test, "vm console \(try await test.guest { $0.name == "web01" }.vmid)")
            #expect(try await get(path, port: port, forwardedFor: "198.51.100.7").status == 429, "an untrusted header is not believed")
        }
    }

    @Test("a container's console is a terminal unless asked otherwise, and the kind is bound to the link")
    func kinds() async throws {
        let termJS = try Self.folder(["term.js": "this.Terminal = function () {};"])
        defer { try? FileManager.default.removeItem(at: termJS) }
        try await withConsole(configure: { $0.console.xtermPath = termJS.path }) { test, port in
            let container = try await test.guest { $0.name == "dns" }
            let terminal = try await open(try await link(test, "vm console \(container.vmid)"), port: port)
            #expect(terminal.page.body.contains("· xterm</span>") && terminal.page.body.contains("/console/assets/page/terminal.js"))
            let vm = try await test.guest { $0.name == "web01" }
            let asTerminal = try await open(try await link(test, "vm console \(vm.vmid) --kind xterm"), port: port)
            #expect(asTerminal.page.body.contains("/console/assets/page/terminal.js"))
        }
    }

    @Test("without http.public_url NexBoard's own console page cannot be linked: the command says how to set it")
    func noPublicURL() async throws {
        let test = try await TestApplication.make { $0.console.proxy = true }
        let (outcome, replies) = await test.send("vm console \(try await test.guest { _ in true }.vmid)")
        #expect(outcome != .ok)
        #expect(await replies.last?.text?.contains("http.public_url") == true)
        await test.shutdown()
    }

    @Test("the link is a private reply; without private replies a direct message; with neither, no link")
    func privateOrDirect() async throws {
        try await withConsole { test, _ in
            let vmid = try await test.guest { _ in true }.vmid
            let (_, privately) = await test.send("vm console \(vmid)")
            #expect(await privately.last?.visibility == .requester, "a platform with private replies shows it as one")
            var capabilities = ChatCapabilities.unlimited
            capabilities.privateReplies = false
            capabilities.directMessages = true
            let (_, directly) = await test.send("vm console \(vmid)", capabilities: capabilities)
            #expect(await directly.last?.visibility == .direct)
            #expect(await directly.last?.text?.contains(Self.publicURL + "/console/") == true)
            capabilities.directMessages = false
            let (outcome, replies) = await test.send("vm console \(vmid)", capabilities: capabilities)
            #expect(outcome != .ok)
            #expect(await replies.last?.text?.contains("/console/") == false)
            #expect(await replies.last?.text?.contains("privately") == true)
        }
    }

    @Test("with console.proxy false the link is the Proxmox UI's console of that guest")
    func fallback() async throws {
        try await withConsole(configure: { $0.console.proxy = false }) { test, _ in
            let vm = try await test.guest { $0.name == "web01" }
            let base = test.simulatorBaseURL
            let (_, replies) = await test.send("vm console \(vm.vmid)")
            let text = try #require(await replies.last?.text)
            let name = vm.name.addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed) ?? vm.name
            #expect(text.contains("\(base)/?console=kvm&novnc=1&vmid=\(vm.vmid)&vmname=\(name)&node=\(vm.node)&resize=off&cmd="), "\(text)")
            #expect(await replies.last?.visibility == .requester)
            let container = try await test.guest { $0.name == "dns" }
            let (_, terminal) = await test.send("vm console \(container.vmid)")
            #expect(await terminal.last?.text?.contains("?console=lxc&xtermjs=1&vmid=\(container.vmid)&") == true)
            let (outcome, spice) = await test.send("vm console \(vm.vmid) --kind spice")
            #expect(outcome != .ok)
            #expect(await spice.last?.text?.contains("Console → SPICE") == true)
        }
    }

    @Test("vm console needs console.open on the guest: admin anywhere, the operator within its scope, the viewer nowhere")
    func permissions() async throws {
        try await withConsole { test, _ in
            let lab = try await test.guest { $0.tags.contains("lab") }
            let other = try await test.guest { !$0.tags.contains("lab") }
            #expect(await test.send("vm console \(other.vmid)").outcome == .ok)
            #expect(await test.send("vm console \(lab.vmid)", as: TestApplication.labOperator).outcome == .ok)
            let (hidden, hiddenReplies) = await test.send("vm console \(other.vmid)", as: TestApplication.labOperator)
            #expect(hidden != .ok)
            #expect(await hiddenReplies.last?.text?.contains(other.name) == false)
            let (viewer, viewerReplies) = await test.send("vm console \(lab.vmid)", as: TestApplication.viewer)
            #expect(viewer == .denied)
            #expect(await viewerReplies.last?.text?.contains("console.open") == true)
            #expect(await test.send("vm console \(lab.vmid)", as: TestApplication.stranger).outcome == .denied)
        }
    }
}
