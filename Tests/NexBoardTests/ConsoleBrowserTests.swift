import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NexBoardTesting
import TestScopes
import Testing

@testable import NexBoard

/// The console page in a real browser: headless Chromium (Debian's `chromium`) opens a fresh link
/// from a running NexBoard whose simulated cluster serves consoles, with Debian's noVNC and term.js.
/// The page's status line is read over Chromium's DevTools protocol until it settles; the page's
/// console messages (CSP violations, script errors, noVNC's warnings) from Chromium's log. A
/// screenshot of each page goes to `.build/console-*.png`.
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

    /// Asks for a link to `vmid`'s console and opens it in headless Chromium. Through Chromium's
    /// DevTools protocol (on a loopback port) it reads the page's status line until it settles
    /// (connected or disconnected, at most 15 s), then takes a screenshot named after `name`; the
    /// page's console messages come from Chromium's log.
    func visit(_ test: TestApplication, port: Int, vmid: Int, name: String) async throws -> Visit {
        let (outcome, replies) = await test.send("vm console \(vmid)")
        let text = try #require(await replies.last?.text)
        #expect(outcome == .ok, "\(text)")
        let start = try #require(text.range(of: "/console/"))
        let token = text[start.upperBound...].prefix { $0.isHexDigit }
        let screenshot = RepositoryPaths.file(".build/console-\(name).png")
        try? FileManager.default.removeItem(atPath: screenshot)
        let profile = FileManager.default.temporaryDirectory.appendingPathComponent("nexboard-chromium-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: profile, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: profile) }
        let log = profile.appendingPathComponent("chromium.log")
        let debugging = try LoopbackPort.free()
        let chromium = try ChildProcess.launch(
            try #require(Self.chromium),
            arguments: ["--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--window-size=900,600",
                        "--user-data-dir=\(profile.appendingPathComponent("profile").path)", "--enable-logging=stderr", "--log-level=0",
                        "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=\(debugging)", "--remote-allow-origins=*",
                        "http://127.0.0.1:\(port)/console/\(token)"],
            log: log)
        let seen = Seen()
        do {
            let page = try await Self.pageTarget(debuggingPort: debugging)
            try await ConsoleBrowser.connect(url: page) { devtools in
                var calls = 0
                let deadline = ContinuousClock.now + .seconds(15)
                while true {
                    calls += 1
                    let found = try await Self.call(&devtools, id: calls, "Runtime.evaluate", [
                        "expression": "document.getElementById('status')?.textContent",
                    ])
                    let status = (found["result"] as? [String: Any])?["value"] as? String
                    await seen.set(status: status)
                    if status == "connected" || status?.hasPrefix("disconnected") == true || ContinuousClock.now > deadline { break }
                    try await Task.sleep(for: .milliseconds(100))
                }
                calls += 1
                let shot = try await Self.call(&devtools, id: calls, "Page.captureScreenshot", ["format": "png"])
                if let data = (shot["data"] as? String).flatMap({ Data(base64Encoded: $0) }) {
                    try data.write(to: URL(fileURLWithPath: screenshot))
                }
            }
        } catch {
            await ChildProcess.stop(chromium)
            throw error
        }
        await ChildProcess.stop(chromium)
        let errors = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
        let messages = errors.split(separator: "\n").filter { $0.contains(":CONSOLE") }.map(String.init)
        return Visit(status: await seen.status, consoleMessages: messages, screenshot: screenshot)
    }

    /// What the DevTools session read, kept across its closure.
    actor Seen {
        var status: String?

        func set(status: String?) {
            self.status = status
        }
    }

    /// The DevTools WebSocket of Chromium's console page, once Chromium lists it (at most 15 s).
    static func pageTarget(debuggingPort: Int) async throws -> String {
        let deadline = ContinuousClock.now + .seconds(15)
        while ContinuousClock.now < deadline {
            let request = HTTPClientRequest(url: "http://127.0.0.1:\(debuggingPort)/json/list")
            if let response = try? await HTTPClient.shared.execute(request, timeout: .seconds(2)),
               let body = try? await response.body.collect(upTo: 1 << 20),
               let targets = try? JSONSerialization.jsonObject(with: Data(body.readableBytesView)) as? [[String: Any]],
               let page = targets.first(where: { $0["type"] as? String == "page" && ($0["url"] as? String)?.contains("/console/") == true }),
               let socket = page["webSocketDebuggerUrl"] as? String {
                return socket
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw ConsoleBrowser.Unexpected(description: "Chromium listed no console page on its DevTools port")
    }

    /// One DevTools call; returns its `result` (an error answer throws).
    static func call(_ devtools: inout ConsoleBrowser, id: Int, _ method: String, _ parameters: [String: Any]) async throws -> [String: Any] {
        let message = try JSONSerialization.data(withJSONObject: ["id": id, "method": method, "params": parameters])
        try await devtools.outbound.write(.text(String(decoding: message, as: UTF8.self)))
        while let frame = try await devtools.frame() {
            guard let answer = try? JSONSerialization.jsonObject(with: Data(frame.data.readableBytesView)) as? [String: Any],
                  answer["id"] as? Int == id else { continue }
            if let error = answer["error"] { throw ConsoleBrowser.Unexpected(description: "DevTools \(method): \(error)") }
            return answer["result"] as? [String: Any] ?? [:]
        }
        throw ConsoleBrowser.Unexpected(description: "DevTools closed during \(method)")
    }

    @Test("a console page loads its library (noVNC for a VM, the terminal for a container) and connects through NexBoard, with no console errors",
          .enabled(if: try TestPeer.check(peers, present: present)), arguments: [("web01", "novnc"), ("dns", "terminal")])
    func connects(guest: String, page: String) async throws {
        try await withPage { test, port in
            let target = try await test.guest { $0.name == guest }
            let visit = try await visit(test, port: port, vmid: target.vmid, name: page)
            #expect(visit.status == "connected", "\(visit.status ?? "no status")")
            #expect(visit.consoleMessages.isEmpty, "no CSP violation, no script error: \(visit.consoleMessages)")
            #expect(FileManager.default.fileExists(atPath: visit.screenshot))
        }
    }
}
