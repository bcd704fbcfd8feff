import Hummingbird
import HummingbirdWebSocket
import NIOCore

/// The fake gateway's request context: keeps the connection's channel, so that the fake can drop the
/// socket without a close frame, and see when the bot drops a connection it has silenced.
struct FakeGatewayContext: RequestContext, WebSocketRequestContext {
    var coreContext: CoreRequestContextStorage
    let webSocket: WebSocketHandlerReference<Self>
    let channel: any Channel

    init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        webSocket = .init()
        channel = source.channel
    }
}
