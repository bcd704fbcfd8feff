/*
 A tiny HTTP/1.1 server on 127.0.0.1 (free port) for the client's error paths: each request is
 recorded and answered by a closure (status, reason phrase, body, optional delay), so tests can play
 a Proxmox that refuses, fails or stalls.
 */
import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL
import Synchronization

struct RecordedRequest: Sendable {
    var method: String
    var uri: String
    var headers: HTTPHeaders
    var body: String

    func header(_ name: String) -> String? { headers.first(name: name) }
}

struct CannedResponse: Sendable {
    var status: Int = 200
    var reason: String = "OK"
    var body: String = #"{"data":null}"#
    var delay: Duration = .zero
    /// Sent without a Content-Length, in chunks of at most this many bytes (chunked transfer encoding).
    var chunks: Int?

    static func json(_ body: String) -> CannedResponse { CannedResponse(body: body) }
}

final class LocalResponder: Sendable {
    typealias Handler = @Sendable (RecordedRequest) async -> CannedResponse

    private let channel: any Channel
    private let recorded: Mutex<[RecordedRequest]>
    let port: Int

    private let scheme: String
    var baseURL: String { "\(scheme)://127.0.0.1:\(port)" }
    var requests: [RecordedRequest] { recorded.withLock { $0 } }

    private init(channel: any Channel, scheme: String) {
        self.channel = channel
        self.scheme = scheme
        self.recorded = Mutex([])
        self.port = channel.localAddress?.port ?? 0
    }

    /// Starts on a free port; with `tls`, serves HTTPS with that configuration.
    static func start(tls: TLSConfiguration? = nil, _ handler: @escaping Handler) async throws -> LocalResponder {
        let log = RequestLog()
        let sslContext = try tls.map { try NIOSSLContext(configuration: $0) }
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    if let sslContext {
                        try channel.pipeline.syncOperations.addHandler(NIOSSLServerHandler(context: sslContext))
                    }
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline()
                    try channel.pipeline.syncOperations.addHandler(ResponderHandler(handler: handler, log: log))
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        let responder = LocalResponder(channel: channel, scheme: tls == nil ? "http" : "https")
        log.sink.withLock { $0 = { request in responder.recorded.withLock { $0.append(request) } } }
        return responder
    }

    func stop() async throws {
        try await channel.close()
    }
}

/// Forwards recorded requests to the responder once it exists.
final class RequestLog: Sendable {
    let sink = Mutex<(@Sendable (RecordedRequest) -> Void)?>(nil)
    func record(_ request: RecordedRequest) { sink.withLock { $0 }?(request) }
}

private final class ResponderHandler: ChannelInboundHandler, Sendable {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private let handler: LocalResponder.Handler
    private let log: RequestLog
    private let state = Mutex<(head: HTTPRequestHead?, body: String)>((nil, ""))

    init(handler: @escaping LocalResponder.Handler, log: RequestLog) {
        self.handler = handler
        self.log = log
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            state.withLock { $0 = (head, "") }
        case .body(let buffer):
            state.withLock { $0.body += String(buffer: buffer) }
        case .end:
            let (head, body) = state.withLock { $0 }
            guard let head else { return }
            let request = RecordedRequest(method: head.method.rawValue, uri: head.uri, headers: head.headers, body: body)
            log.record(request)
            let handler = self.handler
            let bound = NIOLoopBound(context, eventLoop: context.eventLoop)
            context.eventLoop.makeFutureWithTask {
                let response = await handler(request)
                if response.delay > .zero { try? await Task.sleep(for: response.delay) }
                return response
            }.whenSuccess { response in
                let context = bound.value
                var headers = HTTPHeaders()
                headers.add(name: "Content-Type", value: "application/json;charset=UTF-8")
                if response.chunks == nil { headers.add(name: "Content-Length", value: String(response.body.utf8.count)) }
                let status = HTTPResponseStatus.custom(code: UInt(response.status), reasonPhrase: response.reason)
                let head = HTTPResponseHead(version: .http1_1, status: status, headers: headers)
                context.write(NIOAny(HTTPServerResponsePart.head(head)), promise: nil)
                var body = ByteBuffer(string: response.body)
                while let part = body.readSlice(length: min(response.chunks ?? body.readableBytes, body.readableBytes)), part.readableBytes > 0 {
                    context.writeAndFlush(NIOAny(HTTPServerResponsePart.body(.byteBuffer(part))), promise: nil)
                }
                context.writeAndFlush(NIOAny(HTTPServerResponsePart.end(nil)), promise: nil)
            }
        }
    }
}
