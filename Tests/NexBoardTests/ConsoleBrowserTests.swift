import Foundation
import Logging
import NexBoardTesting
import TestScopes
import Testing

@testable import NexBoard

/// The console page in a real browser: headless Chromium (Debian's `chromium`) opens a fresh link
/// from a running NexBoard whose simulated cluster serves consoles, with Debian's noVNC and term.js.
/// The page's status line is read from the DOM Chromium dumps after the page has run; the page's
/// console messages (CSP violations, script errors, noVNC's warnings) from Chromium's log. A screenshot of each page goes to `.build/console-*.png`.
@Suite("The console page in a real browser", .serialized, .stopsWhatItStarts)
struct ConsoleBrowserTests {
    static let chromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].first { FileManager.default.isExecutableFile(atPath: $0) }
    static let peers = "chromium, novnc and libjs-term.js (Debian packages; .ci/run installs them)"
    static var present: Bool {
        let assets = ConsoleAssets(ConsoleConfig(proxy: true))
        return chromium != nil && assets.problem(.novnc) == nil && assets.problem(.xterm) == nil
    }

    /// What Chromium showed: the status line, the page's console messages, the screenshot's path.
    struct Visit {
        var status: String?
        var state: String?
        var consoleMessages: [String]
        var screenshot: String
    }

    /// Runs a test application with the console proxy on and its page on a port known in advance, so
    /// that `http.public_url` (which the WebSocket's origin is checked against) names it.
    func withPage(_ body: (TestApplication, Int) async throws -> Void) async throws {
        let port = try LoopbackPort.free()
        let test = try await TestApplication.make { config in
            config.http.publicURL = "http://127.0.0.1:\(port)"
            config.console.proxy = true
        }
        let logger = { var logger = Logger(label: "test"); logger.logLevel = .critical; return logger }()
        do {
            try await withWebPage(routes: { ConsoleRoutes.install(on: $0, console: test.app.console) }, logger: logger, port: port) { port in
                try await body(test, port)
            }
        } catch {
            await test.shutdown()
            throw error
        }
        await test.shutdown()
    }

    /// Asks for a link to `vmid`'s console and opens it in Chromium, which runs the page for a few
    /// seconds of its virtual time, then dumps the DOM and takes a screenshot named after `name`.
    func visit(_ test: TestApplication, port: Int, vmid: Int, name: String) async throws -> Visit {
        let (outcome, replies) = await test.send("vm console \(vmid)")
        let text = try #require(await replies.last?.text)
        #expect(outcome == .ok, "\(text)")
        let start = try #require(text.range(of: "/console/"))
        let token = text[start.upperBound...].prefix { $0.isHexDigit }
        let screenshot = RepositoryPaths.file(".build/console-\(name).png")
        try? FileManager.default.removeItem(atPath: screenshot)
        let profile = FileManager.default.temporaryDirectory.appendingPathComponent("nexboard-chromium-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: profile) }
        let result = try await ChildProcess.run(
            URL(fileURLWithPath: try #require(Self.chromium)),
            arguments: ["--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--window-size=900,600",
                        "--user-data-dir=\(profile.path)",
                        "--enable-logging=stderr", "--log-level=0", "--virtual-time-budget=5000",
                        "--dump-dom", "--screenshot=\(screenshot)", "http://127.0.0.1:\(port)/console/\(token)"])
        let status = Self.element(#"<p id="status""#, in: result.output)
        let messages = result.errors.split(separator: "\n").filter { $0.contains(":CONSOLE") }.map(String.init)
        return Visit(status: status?.text, state: status?.state, consoleMessages: messages, screenshot: screenshot)
    }

    /// The text and `data-state` of the element that starts with `opening` in `html`.
    static func element(_ opening: String, in html: String) -> (text: String, state: String?)? {
        guard let start = html.range(of: opening), let close = html[start.upperBound...].range(of: ">"),
              let end = html[close.upperBound...].range(of: "</") else { return nil }
        let attributes = html[start.upperBound..<close.lowerBound]
        let state = attributes.range(of: #"data-state=""#).map { found in String(attributes[found.upperBound...].prefix { $0 != "\"" }) }
        return (String(html[close.upperBound..<end.lowerBound]), state)
    }

    /// Chromium dumps the DOM when its virtual time runs out, which a WebSocket does not hold back:
    /// noVNC's handshake (four round trips after the socket opens; about 60 ms here, and "connected"
    /// in noVNC's debug log) often ends after the dump. So the status may still read "connecting…";
    /// a failed socket or handshake would read "disconnected" and log noVNC's warnings.
    @Test("a VM's noVNC page loads noVNC as a module and connects through NexBoard, with no console errors",
          .enabled(if: try TestPeer.check(peers, present: present)))
    func novnc() async throws {
        try await withPage { test, port in
            let vm = try await test.guest { $0.name == "web01" }
            let visit = try await visit(test, port: port, vmid: vm.vmid, name: "novnc")
            #expect(visit.status == "connected" || visit.status == "connecting…", "not disconnected: \(visit.status ?? "no status")")
            #expect(visit.consoleMessages.isEmpty, "no CSP violation, no script error: \(visit.consoleMessages)")
            #expect(FileManager.default.fileExists(atPath: visit.screenshot))
        }
    }

    @Test("a container's terminal page loads the terminal library and connects through NexBoard, with no console errors",
          .enabled(if: try TestPeer.check(peers, present: present)))
    func terminal() async throws {
        try await withPage { test, port in
            let container = try await test.guest { $0.name == "dns" }
            let visit = try await visit(test, port: port, vmid: container.vmid, name: "terminal")
            // As for noVNC: the socket's open may come after Chromium's dump (it usually does not).
            #expect(visit.status == "connected" || visit.status == "connecting…", "not disconnected: \(visit.status ?? "no status")")
            #expect(visit.consoleMessages.isEmpty, "no CSP violation, no script error: \(visit.consoleMessages)")
            #expect(FileManager.default.fileExists(atPath: visit.screenshot))
        }
    }
}
