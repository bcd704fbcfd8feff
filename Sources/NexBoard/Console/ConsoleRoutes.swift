import Foundation
import Hummingbird
import NexBoardCore
import Store
import WebPage

/// The console routes of the HTTP page:
/// - `GET /console/<token>`: opens a link once, sets the session cookie (scoped to
///   `/console/<id>`) and redirects to the console page, so the token does not stay in the URL.
/// - `GET /console/<id>/view`: the console page, for the browser that carries that console's cookie.
/// - `POST /console/<id>/disconnect`: ends the session (the Disconnect button).
/// - `GET /console/<id>/ws`: the console's WebSocket, proxied to Proxmox (`ConsoleRoutes+Proxy.swift`).
/// - `GET /console/assets/…`: the page's scripts and stylesheets (`installAssets`).
///
/// A SPICE link opens differently: its one open answers the `.vv` file for virt-viewer, with no
/// session and no page.
///
/// Every open, refusal and close is audited; refusals answer a plain error page that names no guest.
enum ConsoleRoutes {
    /// The session cookie's name.
    static let cookieName = "nexboard_console"

    static func install(on router: Router<WebPageRequestContext>, console: ConsoleService) {
        installProxy(on: router, console: console)
        installAssets(on: router, console: console)
        // One parameter name per path level (the router requires it): here `id` is the link's token.
        router.get("/console/:id") { _, context in
            await open(context.parameters.get("id") ?? "", from: address(context), console: console)
        }
        router.get("/console/:id/view") { request, context in
            switch await console.links.session(context.parameters.get("id") ?? "", cookie: request.cookies[cookieName]?.value) {
            case .success(let session):
                return console.page.console(session)
            case .failure(let refusal):
                return await refuse(refusal, action: "view", address: address(context), console: console)
            }
        }
        router.post("/console/:id/disconnect") { request, context in
            let id = context.parameters.get("id") ?? ""
            switch await console.links.session(id, cookie: request.cookies[cookieName]?.value) {
            case .success(let session):
                await console.links.end(id)
                await console.record("close", grant: session.grant, address: address(context), result: .ok, detail: "disconnected by the user")
                var response = console.page.error("The console is closed.", status: .ok)
                response.setCookie(cookie(value: "", id: id, maxAge: 0, secure: console.secureCookies))
                return response
            case .failure(let refusal):
                return await refuse(refusal, action: "close", address: address(context), console: console)
            }
        }
    }

    static func open(_ token: String, from address: String, console: ConsoleService) async -> Response {
        let grant: ConsoleGrant
        switch await console.links.consume(token, from: address) {
        case .success(let consumed): grant = consumed
        case .failure(let refusal): return await refuse(refusal, action: "open", address: address, console: console)
        }
        let authorized: ConsoleGrant
        switch await console.authorize(grant) {
        case .success(let current): authorized = current
        case .failure(let refusal): return await refuse(refusal, action: "open", address: address, console: console)
        }
        if authorized.kind == .spice { return await spice(authorized, address: address, console: console) }
        let (session, secret) = await console.links.startSession(authorized)
        await console.record("open", grant: authorized, address: address, result: .ok, detail: nil)
        var response = Response(status: .seeOther, headers: ConsolePage.securityHeaders(nonce: ConsoleToken.consoleID()))
        response.headers[.location] = "/console/\(session.id)/view"
        response.setCookie(cookie(value: secret.text, id: session.id, maxAge: Int(console.configuration.maxSession.timeInterval),
                                  secure: console.secureCookies))
        return response
    }

    /// The `.vv` file of a SPICE link, as a download; the link, used up, cannot fetch another.
    private static func spice(_ grant: ConsoleGrant, address: String, console: ConsoleService) async -> Response {
        switch await console.spiceFile(grant) {
        case .success(let file):
            await console.record("open", grant: grant, address: address, result: .ok, detail: "SPICE .vv file")
            var response = Response(status: .ok, headers: ConsolePage.securityHeaders(nonce: ConsoleToken.consoleID()),
                                    body: ResponseBody(byteBuffer: ByteBuffer(string: file)))
            response.headers[.contentType] = "application/x-virt-viewer; charset=utf-8"
            response.headers[.contentDisposition] = "attachment; filename=\"\(grant.guestKind == .qemu ? "vm" : "ct")-\(grant.vmid).vv\""
            return response
        case .failure(let refusal):
            return await refuse(refusal, action: "open", address: address, console: console)
        }
    }

    /// The session cookie: only sent to this console's paths, never to scripts or other sites.
    static func cookie(value: String, id: String, maxAge: Int, secure: Bool) -> Cookie {
        Cookie(name: cookieName, value: value, maxAge: maxAge, path: "/console/\(id)", secure: secure, httpOnly: true, sameSite: .strict)
    }

    static func refuse(_ refusal: ConsoleRefusal, action: String, address: String, console: ConsoleService) async -> Response {
        let result: AuditResult = switch refusal {
        case .expired, .sessionEnded: .expired
        case .proxmoxFailed: .failed
        default: .denied
        }
        // The attempts past the limit are not written: a flood of guesses must not fill the audit log.
        if refusal != .rateLimited {
            await console.record(action, grant: refusal.grant, address: address, result: result, detail: refusal.detail)
        }
        return console.page.error(refusal.pageMessage, status: HTTPResponse.Status(code: refusal.httpStatus))
    }

    /// The client's address: the connecting peer's, or behind a proxy in `http.trusted_proxies` the
    /// one it forwarded (other forwarded headers are not believed, since anyone can send them).
    static func address(_ context: WebPageRequestContext) -> String {
        context.clientAddress ?? "unknown"
    }
}
