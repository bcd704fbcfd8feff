import Hummingbird
import NIOCore

/// The request context of every route on the HTTP page: Hummingbird's basic one plus the address
/// of the peer that opened the connection (a reverse proxy, when there is one).
public struct WebPageRequestContext: RequestContext, RemoteAddressRequestContext {
    public var coreContext: CoreRequestContextStorage
    public let remoteAddress: SocketAddress?

    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.remoteAddress = source.channel.remoteAddress
    }
}
