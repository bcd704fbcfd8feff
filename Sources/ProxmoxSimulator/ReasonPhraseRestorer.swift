import NIOCore
import NIOHTTP1

/// Moves the `x-simulator-reason` header of a response head into its status line.
final class ReasonPhraseRestorer: ChannelOutboundHandler, RemovableChannelHandler {
    typealias OutboundIn = HTTPServerResponsePart
    typealias OutboundOut = HTTPServerResponsePart

    static let headerName = "x-simulator-reason"

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        guard case .head(var head) = unwrapOutboundIn(data),
              let reason = head.headers.first(name: Self.headerName)
        else {
            context.write(data, promise: promise)
            return
        }
        head.headers.remove(name: Self.headerName)
        head.status = .custom(code: head.status.code, reasonPhrase: reason)
        context.write(wrapOutboundOut(.head(head)), promise: promise)
    }
}
