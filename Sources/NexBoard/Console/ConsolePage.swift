import Foundation
import HTTPTypes
import Hummingbird
import Mustache

/// The HTML of the console pages: the console itself and the plain error page, from Mustache
/// templates (escaped values), with the security headers every console response carries.
struct ConsolePage: Sendable {
    private let library: MustacheLibrary
    private let assets: ConsoleAssets

    init(assets: ConsoleAssets) {
        self.assets = assets
        var library = MustacheLibrary()
        // The templates are constants: a parse error is a bug caught by the first test.
        try! library.register(Self.consoleTemplate, named: "console")
        try! library.register(Self.errorTemplate, named: "error")
        self.library = library
    }

    /// The console page of an open session: noVNC or the terminal, connecting to `/console/<id>/ws`.
    /// When the library it needs is not installed, an error page that says what to install.
    func console(_ session: ConsoleLinks.Session) -> Response {
        let grant = session.grant
        if let problem = assets.problem(grant.kind) {
            return error(problem, status: .serviceUnavailable)
        }
        let nonce = ConsoleToken.consoleID()
        var model: [String: Any] = [
            "title": "\(grant.guestKind == .qemu ? "VM" : "CT") \(grant.vmid) (\(grant.name))",
            "node": grant.node, "cluster": grant.cluster, "kind": grant.kind.rawValue,
            "disconnect": "/console/\(session.id)/disconnect", "socket": "/console/\(session.id)/ws", "nonce": nonce,
        ]
        switch grant.kind {
        case .novnc:
            model["script"] = ConsoleAssets.pagePrefix + "novnc.js"
            model["module"] = true
        case .xterm:
            if let library = assets.terminalFiles {
                model["library"] = ConsoleAssets.terminalPrefix + library.script
                model["stylesheet"] = library.style.map { ConsoleAssets.terminalPrefix + $0 }
            }
            model["script"] = ConsoleAssets.pagePrefix + "terminal.js"
        case .spice:
            break
        }
        var response = Self.response(status: .ok, html: library.render(model, withTemplate: "console") ?? "", nonce: nonce)
        if grant.kind == .xterm {
            response.headers[.contentSecurityPolicy] = Self.contentSecurityPolicy(nonce: nonce, styleAttributes: true)
        }
        return response
    }

    /// A plain page that says what went wrong and names nothing else.
    func error(_ message: String, status: HTTPResponse.Status) -> Response {
        let nonce = ConsoleToken.consoleID()
        let model: [String: Any] = ["message": message, "nonce": nonce]
        return Self.response(status: status, html: library.render(model, withTemplate: "error") ?? "", nonce: nonce)
    }

    /// The headers of every console response: nothing cached, no referrer, no framing, scripts and
    /// styles only from this origin or carrying this response's nonce.
    static func securityHeaders(nonce: String) -> HTTPFields {
        [
            .contentSecurityPolicy: contentSecurityPolicy(nonce: nonce, styleAttributes: false),
            HTTPField.Name("Referrer-Policy")!: "no-referrer",
            HTTPField.Name("X-Frame-Options")!: "DENY",
            .xContentTypeOptions: "nosniff",
            .cacheControl: "no-store",
        ]
    }

    /// Scripts and styles from this origin or with the nonce, never inline; images from this origin
    /// or `data:` (noVNC draws some rectangles and the remote cursor from `data:` images); connections
    /// (the console's WebSocket) to this origin only. noVNC needs nothing more: no worker, no blob,
    /// no eval. `styleAttributes` allows `style="…"` attributes, which term.js writes for colours and
    /// bold text (the terminal page only; attributes cannot run scripts).
    static func contentSecurityPolicy(nonce: String, styleAttributes: Bool) -> String {
        "default-src 'none'; script-src 'self' 'nonce-\(nonce)'; style-src 'self' 'nonce-\(nonce)'; "
            + (styleAttributes ? "style-src-attr 'unsafe-inline'; " : "")
            + "img-src 'self' data:; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
    }

    private static func response(status: HTTPResponse.Status, html: String, nonce: String) -> Response {
        var headers = securityHeaders(nonce: nonce)
        headers[.contentType] = "text/html; charset=utf-8"
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: html)))
    }

    static let style = """
        :root { color-scheme: light dark; --bg: #f6f7f9; --fg: #1d232b; --muted: #5b6675; --bar: #ffffff; --accent: #b4232a; }
        @media (prefers-color-scheme: dark) { :root { --bg: #14171c; --fg: #e4e8ee; --muted: #9aa5b4; --bar: #1d2129; --accent: #ef5b61; } }
        body { margin: 0; font: 15px/1.4 system-ui, sans-serif; background: var(--bg); color: var(--fg); }
        header { display: flex; gap: 1em; align-items: center; padding: .5em 1em; background: var(--bar); }
        header h1 { font-size: 1.05em; margin: 0; }
        header .meta { color: var(--muted); }
        header form { margin-left: auto; }
        button { font: inherit; padding: .3em .9em; border: 1px solid var(--accent); color: var(--accent); background: transparent; border-radius: 4px; }
        header p { margin: 0; }
        #status[data-state=connected] { color: var(--fg); }
        #status[data-state=disconnected] { color: var(--accent); }
        main { padding: 1em; }
        #screen { padding: 0; width: 100%; height: calc(100vh - 3.2em); overflow: hidden; background: #000; }
        #screen .terminal { font: 15px/1.2 ui-monospace, monospace; }
        .terminal-probe { position: absolute; visibility: hidden; }
        .reverse-video { color: #000; background: #f0f0f0; }
        """

    static let consoleTemplate = """
        <!doctype html>
        <html lang="en">
        <head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
        <title>{{title}} – NexBoard console</title>
        <style nonce="{{nonce}}">\(style)</style>
        {{#stylesheet}}<link rel="stylesheet" href="{{stylesheet}}">{{/stylesheet}}</head>
        <body>
        <header><h1>{{title}}</h1><span class="meta">node {{node}} · cluster {{cluster}} · {{kind}}</span>
        <p id="status" class="meta" data-state="connecting">connecting…</p>
        <form id="disconnect" method="post" action="{{disconnect}}"><button type="submit">Disconnect</button></form></header>
        <main id="screen" data-socket="{{socket}}"></main>
        {{#library}}<script src="{{library}}"></script>{{/library}}
        <script {{#module}}type="module" {{/module}}src="{{script}}"></script>
        </body>
        </html>

        """

    static let errorTemplate = """
        <!doctype html>
        <html lang="en">
        <head><meta charset="utf-8"><title>NexBoard console</title>
        <style nonce="{{nonce}}">\(style)</style></head>
        <body><main><h1>Console not available</h1><p id="error">{{message}}</p></main></body>
        </html>

        """
}
