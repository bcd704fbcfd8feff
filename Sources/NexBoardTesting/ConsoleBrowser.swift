import Foundation
import HTTPTypes
import HummingbirdWSClient
import Logging
import NIOCore

/// A console page's end of a console WebSocket (NexBoard's `/console/<id>/ws`, or a Proxmox
/// `vncwebsocket` reached directly): reads a number of bytes whatever frames they came in, and
/// speaks the start of RFB as noVNC does with the simulator (security type None).
public struct ConsoleBrowser {
    /// A non-incremental FramebufferUpdateRequest of the simulator's whole 320×200 screen.
    public static let updateRequest: [UInt8] = [3, 0, 0, 0, 0, 0, 1, 64, 0, 200]
    /// What one such request brings back: the update's header and 320×200 pixels of 4 bytes.
    public static let updateSize = 16 + 320 * 200 * 4

    /// The socket closed before the bytes asked for arrived, or the server said something else.
    public struct Unexpected: Error, CustomStringConvertible {
        public let description: String

        public init(description: String) {
            self.description = description
        }
    }

    private var frames: WebSocketInboundStream.AsyncIterator
    public let outbound: WebSocketOutboundWriter
    private var pending: [UInt8] = []

    public init(inbound: WebSocketInboundStream, outbound: WebSocketOutboundWriter) {
        self.frames = inbound.makeAsyncIterator()
        self.outbound = outbound
    }

    /// Connects to `url` as a browser page would (with `cookie` and `origin` when given) and hands the
    /// socket to `body`; the socket closes when it returns. Returns the server's close frame.
    /// Throws `WebSocketClientError.webSocketUpgradeFailed` when the upgrade is refused.
    @discardableResult
    public static func connect(url: String, cookie: String? = nil, origin: String? = nil,
                               _ body: @escaping @Sendable (inout ConsoleBrowser) async throws -> Void = { _ in })
        async throws -> WebSocketCloseFrame? {
        var headers = HTTPFields()
        if let cookie { headers[.cookie] = cookie }
        if let origin { headers[.origin] = origin }
        var logger = Logger(label: "browser")
        logger.logLevel = .critical
        return try await WebSocketClient.connect(url: url, configuration: .init(maxFrameSize: 1 << 20, additionalHeaders: headers),
                                                 logger: logger) { inbound, outbound, _ in
            var browser = ConsoleBrowser(inbound: inbound, outbound: outbound)
            try await body(&browser)
        }
    }

    /// The next frame as it came (nil once the socket closed); bytes `read` kept aside are not in it.
    public mutating func frame() async throws -> WebSocketDataFrame? {
        try await frames.next()
    }

    /// Exactly `count` bytes, from as many frames as they take.
    public mutating func read(_ count: Int) async throws -> [UInt8] {
        while pending.count < count {
            guard let frame = try await frames.next() else {
                throw Unexpected(description: "the socket closed after \(pending.count) of \(count) bytes")
            }
            pending += Array(buffer: frame.data)
        }
        defer { pending.removeFirst(count) }
        return Array(pending.prefix(count))
    }

    /// Reads `count` bytes and checks they are `expected`.
    public mutating func expect(_ expected: [UInt8]) async throws {
        let bytes = try await read(expected.count)
        guard bytes == expected else { throw Unexpected(description: "expected \(expected), read \(bytes)") }
    }

    public func send(_ bytes: [UInt8]) async throws {
        try await outbound.write(.binary(ByteBuffer(bytes: bytes)))
    }

    /// The RFB handshake with security type None, as noVNC does it; returns the ServerInit of a
    /// console named `name`.
    public mutating func handshake(name: String) async throws -> [UInt8] {
        try await expect(Array("RFB 003.008\n".utf8))
        try await send(Array("RFB 003.008\n".utf8))
        try await expect([1, 1])
        try await send([1])
        try await expect([0, 0, 0, 0])
        try await send([1])
        return try await read(24 + name.utf8.count)
    }
}
