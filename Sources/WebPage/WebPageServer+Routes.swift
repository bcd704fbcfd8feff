import Foundation
import Hummingbird
import Prometheus

extension WebPageServer {
    /// The built-in routes: `/`, `/healthz` (details only for `HealthAudience`), `/metrics`.
    func makeRouter() -> Router<WebPageRequestContext> {
        let router = Router(context: WebPageRequestContext.self)
        router.add(middleware: ClientAddressMiddleware(proxies: configuration.trustedProxies))
        let health = self.health
        let metrics = self.metrics
        let processMetrics = self.processMetrics
        let audience = HealthAudience(token: configuration.healthToken)

        router.get("/") { _, _ in
            Self.homePage()
        }
        router.get("/healthz") { request, context in
            let report = HealthReport(components: await health.snapshot())
            return try Self.healthResponse(audience.mayReadDetails(request, peer: context.remoteAddress) ? report : report.withoutDetails)
        }
        router.get("/metrics") { _, _ in
            processMetrics.update()
            var bytes: [UInt8] = []
            metrics.emit(into: &bytes)
            return Response(
                status: .ok,
                headers: [.contentType: "text/plain; version=0.0.4"],
                body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes))
            )
        }
        return router
    }

    static func healthResponse(_ report: HealthReport) throws -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let data = try encoder.encode(report)
        return Response(
            status: HTTPResponse.Status(code: report.httpStatusCode),
            headers: [.contentType: "application/json; charset=utf-8", .cacheControl: "no-store"],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: data))
        )
    }

    static func homePage() -> Response {
        let html = """
            <!doctype html>
            <html lang="en">
            <head><meta charset="utf-8"><title>NexBoard</title></head>
            <body>
            <h1>NexBoard is running</h1>
            <ul>
            <li><a href="healthz">Health</a> (/healthz)</li>
            <li><a href="metrics">Metrics</a> (/metrics)</li>
            </ul>
            </body>
            </html>

            """
        return Response(
            status: .ok,
            headers: [.contentType: "text/html; charset=utf-8"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: html))
        )
    }
}
