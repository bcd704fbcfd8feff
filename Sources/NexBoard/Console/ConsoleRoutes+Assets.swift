import HTTPTypes
import Hummingbird
import NIOCore
import WebPage

extension ConsoleRoutes {
    /// `GET /console/assets/novnc/<path>` and `/console/assets/xterm/<path>`: noVNC's and the terminal
    /// library's scripts and stylesheets from their folders on this machine (see `ConsoleAssets`);
    /// `GET /console/assets/page/<file>`: the console page's own scripts. Static and public (no
    /// cookie reaches them: the session's is scoped to `/console/<id>`), so browsers may cache them.
    static func installAssets(on router: Router<WebPageRequestContext>, console: ConsoleService) {
        let fileIO = FileIO()
        let assets = console.assets
        for prefix in [ConsoleAssets.novncPrefix, ConsoleAssets.terminalPrefix] {
            router.get(RouterPath(prefix + "**")) { _, context in
                let relative = context.parameters.getCatchAll().joined(separator: "/")
                guard let path = assets.file(prefix: prefix, relative), let type = ConsoleAssets.contentType(relative) else {
                    return console.page.error("There is no such file.", status: .notFound)
                }
                return Response(status: .ok, headers: assetHeaders(type), body: try await fileIO.loadFile(path: path, context: context))
            }
        }
        router.get(RouterPath(ConsoleAssets.pagePrefix + ":file")) { _, context in
            let name = context.parameters.get("file") ?? ""
            guard let script = ShippedResources.consoleScript(name), let type = ConsoleAssets.contentType(name) else {
                return console.page.error("There is no such file.", status: .notFound)
            }
            return Response(status: .ok, headers: assetHeaders(type), body: ResponseBody(byteBuffer: ByteBuffer(string: script)))
        }
    }

    /// A day in caches; never sniffed as another type, never framed, nothing run if opened as a page.
    private static func assetHeaders(_ contentType: String) -> HTTPFields {
        [
            .contentType: contentType,
            .cacheControl: "public, max-age=86400",
            .xContentTypeOptions: "nosniff",
            .contentSecurityPolicy: "default-src 'none'; frame-ancestors 'none'",
            HTTPField.Name("Referrer-Policy")!: "no-referrer",
        ]
    }
}
