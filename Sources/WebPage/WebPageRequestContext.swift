import HTTPTypes
import Hummingbird
import HummingbirdWebSocket
import NIOCore

/// The request context of every route on the HTTP page: Hummingbird's basic one plus the address
/// of the peer that opened the connection (a reverse proxy, when there is one) and the client's. It
/// can carry a WebSocket upgrade (`router.ws`), which the page's server accepts.
public struct WebPageRequestContext: RequestContext, RemoteAddressRequestContext, WebSocketRequestContext {
    public var coreContext: CoreRequestContextStorage
    public let remoteAddress: SocketAddress?
    /// The client's address: the peer's, or behind a trusted proxy the one it forwarded (set for
    /// every route by `ClientAddressMiddleware`).
    public internal(set) var clientAddress: String?
    public let webSocket: WebSocketHandlerReference<Self>

    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.remoteAddress = source.channel.remoteAddress
        self.clientAddress = remoteAddress?.ipAddress
        self.webSocket = .init()
    }
}

/// Works out `WebPageRequestContext.clientAddress` from the peer and `X-Forwarded-For`.
struct ClientAddressMiddleware: RouterMiddleware {
    let proxies: TrustedProxies

    func handle(_ request: Request, context: WebPageRequestContext,
                next: (Request, WebPageRequestContext) async throws -> Response) async throws -> Response {
        guard !proxies.ranges.isEmpty else { return try await next(request, context) }
        var context = context
        context.clientAddress = proxies.clientAddress(peer: context.remoteAddress?.ipAddress,
                                                      forwardedFor: request.headers[values: HTTPField.Name("X-Forwarded-For")!])
        return try await next(request, context)
    }
}
