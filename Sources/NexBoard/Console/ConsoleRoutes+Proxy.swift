import Foundation
import Hummingbird
import HummingbirdWebSocket
import NexBoardCore
import WebPage

extension ConsoleRoutes {
    /// `GET /console/<id>/ws`: the console's WebSocket, for the browser that carries that console's
    /// cookie, proxied to Proxmox (`ConsoleProxy`).
    ///
    /// Before the upgrade, as for `/view`: the session and its cookie, and `console.open` on the guest
    /// as it is now (a role removed since the page opened refuses). A refusal is audited and the
    /// socket is not opened: Hummingbird answers a refused upgrade with 400 (a browser's WebSocket
    /// shows no status anyway); the same request without the WebSocket handshake gets the error page and its status.
    ///
    /// Cross-site WebSocket hijacking: the cookie is `SameSite=Strict`, so another site's page does
    /// not send it; on top of that a browser's `Origin` must be the page's own: `http.public_url`'s
    /// origin when set, else the `Host` the request was sent to. A client that sends no browser
    /// `Origin` is not a browser page, and still needs the cookie.
    static func installProxy(on router: Router<WebPageRequestContext>, console: ConsoleService) {
        router.ws("/console/:id/ws") { request, context in
            let address = address(context)
            if let origin = request.headers[values: .origin].first(where: {
                !originAllowed($0, host: request.head.authority, publicURL: console.publicURL)
            }) {
                await console.record("proxy", grant: nil, address: address, result: .denied,
                                     detail: "console WebSocket from another origin (\(origin.prefix(100)))")
                throw Refused(response: console.page.error("This console cannot be opened from another site.", status: .forbidden))
            }
            let session: ConsoleLinks.Session
            switch await console.links.session(context.parameters.get("id") ?? "", cookie: request.cookies[cookieName]?.value) {
            case .success(let found): session = found
            case .failure(let refusal): throw Refused(response: await refuse(refusal, action: "proxy", address: address, console: console))
            }
            if case .failure(let refusal) = await console.authorize(session.grant) {
                throw Refused(response: await refuse(refusal, action: "proxy", address: address, console: console))
            }
            // `Upgrade` is a connection header, which HTTP types leave out; the handshake's key is not.
            guard request.headers[.secWebSocketKey] != nil else {
                throw Refused(response: console.page.error("This address is the console's WebSocket.", status: .upgradeRequired))
            }
            return .upgrade([:])
        } onUpgrade: { inbound, outbound, context in
            let address = address(context.requestContext)
            let id = context.requestContext.parameters.get("id") ?? ""
            // Looked up again: the session may have ended, or the role gone, since the upgrade was allowed.
            guard case .success(let session) = await console.links.session(id, cookie: context.request.cookies[cookieName]?.value),
                  case .success(let grant) = await console.authorize(session.grant)
            else {
                try? await outbound.close(.policyViolation, reason: ConsoleRefusal.noSession.pageMessage)
                return
            }
            await ConsoleProxy(console: console, session: session, grant: grant, address: address, logger: context.logger)
                .run(browserInbound: inbound, browserOutbound: outbound)
        }
    }

    /// Whether an `Origin` value may open the socket: a browser page's (http, https, or "null") must
    /// be the console page's own; anything else is not a page's (a WebSocket library's `ws://host`).
    static func originAllowed(_ value: String, host: String?, publicURL: String?) -> Bool {
        let scheme = value.prefix { $0 != ":" }.lowercased()
        guard value == "null" || scheme == "http" || scheme == "https" else { return true }
        guard let origin = URLComponents(string: value).flatMap(Origin.init) else { return false }
        if let publicURL {
            return URLComponents(string: publicURL).flatMap(Origin.init) == origin
        }
        guard let host else { return false }
        return URLComponents(string: "\(origin.scheme)://\(host)").flatMap(Origin.init) == origin
    }

    /// A scheme, host and port, with the scheme's default port filled in.
    private struct Origin: Equatable {
        let scheme: String
        let host: String
        let port: Int

        init?(_ components: URLComponents) {
            guard let scheme = components.scheme?.lowercased(), let host = components.host?.lowercased(), !host.isEmpty else { return nil }
            guard let port = components.port ?? ["http": 80, "https": 443][scheme] else { return nil }
            self.scheme = scheme
            self.host = host
            self.port = port
        }
    }

    /// A refusal before the upgrade: the error page, as the other console routes answer.
    private struct Refused: HTTPResponseError {
        let response: Response
        var status: HTTPResponse.Status { response.status }

        func response(from request: Request, context: some RequestContext) throws -> Response {
            response
        }
    }
}
