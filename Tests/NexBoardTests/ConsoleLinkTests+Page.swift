import Foundation
import Testing

@testable import NexBoard

/// The console page and the libraries it loads, served from folders made by the test.
extension ConsoleLinkTests {
    /// A folder with `files` (path → text) and symbolic links (path → target); removed by the caller.
    static func folder(_ files: [String: String], links: [String: String] = [:]) throws -> URL {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("nexboard-assets-\(UUID().uuidString)")
        for (path, text) in files {
            let url = root.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try text.write(to: url, atomically: true, encoding: .utf8)
        }
        for (path, target) in links {
            try FileManager.default.createSymbolicLink(atPath: root.appendingPathComponent(path).path, withDestinationPath: target)
        }
        return root
    }

    /// A browser build of xterm.js is large; this stands in for one.
    static let xtermBuild = "var Terminal = function () {};\n" + String(repeating: "// padding\n", count: 500)

    @Test("noVNC's files are served as JavaScript from the configured folder, cacheable, and nothing outside it")
    func novncAssets() async throws {
        let outside = try Self.folder(["secret.js": "secret"])
        let novnc = try Self.folder(["core/rfb.js": "export default class RFB {}", "core/util/events.js": "export {}",
                                     "app/styles/base.css": "body {}", "vnc.html": "<html>", "notes.txt": "text"],
                                    links: ["escape.js": outside.appendingPathComponent("secret.js").path, "inside.js": "core/rfb.js"])
        defer {
            try? FileManager.default.removeItem(at: novnc)
            try? FileManager.default.removeItem(at: outside)
        }
        try await withConsole(configure: { $0.console.novncPath = novnc.path }) { _, port in
            let rfb = try await get("/console/assets/novnc/core/rfb.js", port: port)
            #expect(rfb.status == 200)
            #expect(rfb.body == "export default class RFB {}")
            #expect(rfb.header("Content-Type") == "text/javascript; charset=utf-8", "ES modules need a JavaScript type")
            #expect(rfb.header("Cache-Control") == "public, max-age=86400")
            #expect(rfb.header("X-Content-Type-Options") == "nosniff")
            #expect(try await get("/console/assets/novnc/core/util/events.js", port: port).status == 200)
            #expect(try await get("/console/assets/novnc/app/styles/base.css", port: port).header("Content-Type") == "text/css; charset=utf-8")
            #expect(try await get("/console/assets/novnc/inside.js", port: port).status == 200, "a link within the folder is followed")
            for path in ["escape.js", "vnc.html", "notes.txt", "missing.js", "core/../core/rfb.js", "core/%2e%2e/core/rfb.js",
                         "../../../../etc/passwd", "%2e%2e/%2e%2e/etc/passwd", "core", ""] {
                let page = try await get("/console/assets/novnc/" + path, port: port)
                #expect(page.status == 404, "\(path)")
                #expect(!page.body.contains("secret"), "\(path)")
            }
        }
    }

    @Test("the page's own scripts are served as JavaScript; other names are not found")
    func pageScripts() async throws {
        try await withConsole { _, port in
            for name in ["novnc.js", "terminal.js"] {
                let script = try await get("/console/assets/page/\(name)", port: port)
                #expect(script.status == 200, "\(name)")
                #expect(script.header("Content-Type") == "text/javascript; charset=utf-8")
                #expect(script.body.contains("/ws") || script.body.contains("dataset.socket"))
            }
            #expect(try await get("/console/assets/page/other.js", port: port).status == 404)
            #expect(try await get("/console/assets/page/..%2fnovnc.js", port: port).status == 404)
        }
    }

    @Test("a VM's page loads noVNC through a module script served by NexBoard, connects to its own socket, and allows no inline code")
    func novncPage() async throws {
        let novnc = try Self.folder(["core/rfb.js": "export default class RFB {}"])
        defer { try? FileManager.default.removeItem(at: novnc) }
        try await withConsole(configure: { $0.console.novncPath = novnc.path }) { test, port in
            let vm = try await test.guest { $0.name == "web01" }
            let opened = try await open(try await link(test, "vm console \(vm.vmid)"), port: port)
            let id = opened.location.split(separator: "/")[1]
            #expect(opened.page.status == 200)
            #expect(opened.page.body.contains(#"<script type="module" src="/console/assets/page/novnc.js"></script>"#))
            #expect(opened.page.body.contains(#"data-socket="/console/\#(id)/ws""#))
            #expect(opened.page.body.contains(#"<p id="status" class="meta" data-state="connecting">connecting…</p>"#))
            #expect(opened.page.body.contains(#"<form id="disconnect" method="post" action="/console/\#(id)/disconnect">"#))
            #expect(!opened.page.body.contains("<script>"), "no inline script")
            let policy = try #require(opened.page.header("Content-Security-Policy"))
            #expect(!policy.contains("unsafe-inline") && !policy.contains("unsafe-eval") && !policy.contains("blob:"))
            #expect(policy.contains("script-src 'self'") && policy.contains("connect-src 'self'"))
        }
    }

    @Test("a container's page loads the terminal library: xterm.js when it is a browser build, else term.js")
    func terminalPage() async throws {
        let xterm = try Self.folder(["xterm.js": Self.xtermBuild, "xterm.css": ".xterm {}"])
        let termJS = try Self.folder(["term.js": "this.Terminal = function () {};"])
        // Debian 12's libjs-xterm: a CommonJS stub that requires modules a browser cannot load.
        let stub = try Self.folder(["xterm.js": #"Object.defineProperty(exports, "__esModule", { value: true }); require("./public/Terminal");"#])
        defer { for folder in [xterm, termJS, stub] { try? FileManager.default.removeItem(at: folder) } }
        for (folder, script, stylesheet) in [(xterm, "xterm.js", "xterm.css" as String?), (termJS, "term.js", nil)] {
            try await withConsole(configure: { $0.console.xtermPath = folder.path }) { test, port in
                let container = try await test.guest { $0.name == "dns" }
                let page = try await open(try await link(test, "vm console \(container.vmid)"), port: port).page
                #expect(page.status == 200)
                #expect(page.body.contains(#"<script src="/console/assets/xterm/\#(script)"></script>"#))
                #expect(page.body.contains(#"<script src="/console/assets/page/terminal.js"></script>"#))
                #expect(page.body.contains(#"<link rel="stylesheet" href="/console/assets/xterm/xterm.css">"#) == (stylesheet != nil))
                let policy = try #require(page.header("Content-Security-Policy"))
                #expect(policy.contains("style-src-attr 'unsafe-inline'"), "term.js colours text with style attributes")
                #expect(!policy.contains("script-src 'self' 'unsafe-inline'") && !policy.contains("style-src 'self' 'unsafe-inline'"))
                #expect(try await get("/console/assets/xterm/\(script)", port: port).status == 200)
            }
        }
        try await withConsole(configure: { $0.console.xtermPath = stub.path }) { test, port in
            let container = try await test.guest { $0.name == "dns" }
            let page = try await open(try await link(test, "vm console \(container.vmid)"), port: port).page
            #expect(page.status == 503)
            #expect(page.body.contains("libjs-term.js") && page.body.contains("console.xterm_path"))
        }
    }

    @Test("without noVNC the page says which package to install and which key to set, and check-config warns")
    func missingNoVNC() async throws {
        let missing = FileManager.default.temporaryDirectory.appendingPathComponent("nexboard-no-novnc-\(UUID().uuidString)").path
        try await withConsole(configure: { $0.console.novncPath = missing }) { test, port in
            let page = try await open(try await link(test, "vm console \(try await test.guest { $0.name == "web01" }.vmid)"), port: port).page
            #expect(page.status == 503)
            #expect(page.body.contains("novnc package"))
            #expect(page.body.contains("console.novnc_path"))
            #expect(!page.body.contains(missing), "the page names no server path")
        }
        let config = ConsoleConfig(proxy: true, novncPath: missing, xtermPath: missing)
        #expect(config.assetWarnings.count == 2)
        #expect(config.assetWarnings.first?.contains("(looked in \(missing))") == true)
        #expect(ConsoleConfig(proxy: false, novncPath: missing).assetWarnings.isEmpty, "links to the Proxmox UI need no library")
    }
}
