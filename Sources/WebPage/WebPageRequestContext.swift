import Hummingbird
import HummingbirdWebSocket
import NIOCore

/// The request context of every route on the HTTP page: Hummingbird's basic one plus the address
/// of the peer that opened the connection (a reverse proxy, when there is one). It can carry a
/// WebSocket upgrade (`router.ws`), which the page's server accepts.
public struct WebPageRequestContext: RequestContext, RemoteAddressRequestContext, WebSocketRequestContext {
    public var coreContext: CoreRequestContextStorage
    public let remoteAddress: SocketAddress?
    public let webSocket: WebSocketHandlerReference<Self>

    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.remoteAddress = source.channel.remoteAddress
        self.webSocket = .init()
    }
}
