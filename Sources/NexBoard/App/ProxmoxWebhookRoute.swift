import Alerting
import Foundation
import Hummingbird
import Logging
import NexBoardCore
import WebPage

/// `POST /hooks/proxmox[/<cluster>]`: Proxmox VE's webhook notification target posts backup,
/// replication, fencing and package-update notifications here; they go to the subscribed channels
/// as events at once. The shared secret travels in the `X-NexBoard-Secret` header.
///
/// Answers 202 when accepted, 401 for a missing or wrong secret (nothing recorded), 400 for a
/// body that is not a notification, 404 for an unknown cluster.
public enum ProxmoxWebhookRoute {
    /// The header that carries the shared secret (lower case, as HTTP/2 writes it).
    public static let secretHeader = "x-nexboard-secret"

    /// Adds both paths to `router`; the first of `clusters` is the one `/hooks/proxmox` means.
    public static func install(on router: Router<WebPageRequestContext>, secret: Secret, center: AlertCenter, clusters: [String],
                        now: @escaping @Sendable () -> Date, logger: Logger) {
        let handler: @Sendable (Request, WebPageRequestContext) async throws -> Response = { request, context in
            let given = request.headers.first { $0.name.canonicalName == secretHeader }?.value
            guard let given, secret.matches(given) else {
                logger.warning("Proxmox webhook refused: missing or wrong secret")
                return Response(status: .unauthorized)
            }
            let cluster = context.parameters.get("cluster") ?? clusters.first ?? ""
            guard clusters.contains(cluster) else { return Response(status: .notFound) }
            let body = try await request.body.collect(upTo: 256 * 1024)
            let notification: AlertNotification
            do {
                notification = try ProxmoxNotificationIntake.notification(from: Data(buffer: body), cluster: cluster, received: now())
            } catch {
                logger.warning("Proxmox webhook refused: malformed body", metadata: ["error": "\(error)"])
                return Response(status: .badRequest)
            }
            try await center.ingest(notification)
            return Response(status: .accepted)
        }
        router.post("/hooks/proxmox", use: handler)
        router.post("/hooks/proxmox/:cluster", use: handler)
    }
}
