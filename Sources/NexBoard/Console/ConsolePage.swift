import Foundation
import HTTPTypes
import Hummingbird
import Mustache

/// The HTML of the console pages: the console itself and the plain error page, from Mustache
/// templates (escaped values), with the security headers every console response carries.
struct ConsolePage: Sendable {
    private let library: MustacheLibrary

    init() {
        var library = MustacheLibrary()
        // The templates are constants: a parse error is a bug caught by the first test.
        try! library.register(Self.consoleTemplate, named: "console")
        try! library.register(Self.errorTemplate, named: "error")
        self.library = library
    }

    /// The console page of an open session.
    func console(_ session: ConsoleLinks.Session) -> Response {
        let nonce = ConsoleToken.consoleID()
        let grant = session.grant
        let model: [String: Any] = [
            "title": "\(grant.guestKind == .qemu ? "VM" : "CT") \(grant.vmid) (\(grant.name))",
            "node": grant.node, "cluster": grant.cluster, "kind": grant.kind.rawValue,
            "disconnect": "/console/\(session.id)/disconnect", "nonce": nonce,
        ]
        return Self.response(status: .ok, html: library.render(model, withTemplate: "console") ?? "", nonce: nonce)
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
            .contentSecurityPolicy: "default-src 'none'; script-src 'self' 'nonce-\(nonce)'; style-src 'self' 'nonce-\(nonce)'; "
                + "img-src 'self' data:; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
            HTTPField.Name("Referrer-Policy")!: "no-referrer",
            HTTPField.Name("X-Frame-Options")!: "DENY",
            .xContentTypeOptions: "nosniff",
            .cacheControl: "no-store",
        ]
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
        main { padding: 1em; }
        #screen { width: 100%; height: calc(100vh - 3.2em); }
        """

    static let consoleTemplate = """
        <!doctype html>
        <html lang="en">
        <head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
        <title>{{title}} – NexBoard console</title>
        <style nonce="{{nonce}}">\(style)</style></head>
        <body>
        <header><h1>{{title}}</h1><span class="meta">node {{node}} · cluster {{cluster}} · {{kind}}</span>
        <span class="meta">status: <span id="status">connecting</span></span>
        <form method="post" action="{{disconnect}}"><button type="submit">Disconnect</button></form></header>
        <main id="screen"></main>
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
