/*
 Reads the expiry of the certificate a TLS server presents: connect, handshake (verified as the
 app check's TLS options say), read the peer certificate's notAfter, close. AsyncHTTPClient does not
 expose the peer certificate, so app checks of https URLs make this second, small connection.
 */
import Foundation
import NIOCore
import NIOPosix
import NIOSSL
import NIOTLS

enum TLSCertificateProbe {
    /// The `notValidAfter` of the certificate `host:port` presents. Throws when the connection or
    /// the handshake fails (an untrusted certificate with verification on) or takes longer than
    /// `connectTimeout` each.
    static func expiry(host: String, port: Int, tls: IntegrationTLS, connectTimeout: Duration) async throws -> Date {
        let context = try NIOSSLContext(configuration: try tls.configuration())
        let group = MultiThreadedEventLoopGroup.singleton
        let promise = group.next().makePromise(of: Date.self)
        let serverName = Self.isAddress(host) ? nil : host
        let bootstrap = ClientBootstrap(group: group)
            .connectTimeout(.nanoseconds(connectTimeout.wholeNanoseconds))
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(try NIOSSLClientHandler(context: context, serverHostname: serverName))
                    try channel.pipeline.syncOperations.addHandler(ExpiryReader(promise: promise))
                }
            }
        do {
            let channel = try await bootstrap.connect(host: host, port: port).get()
            // A server that accepts but never completes the handshake must not hold the check (a
            // socket-level backstop in real time, like AsyncHTTPClient's own deadlines).
            let backstop = channel.eventLoop.scheduleTask(in: .nanoseconds(connectTimeout.wholeNanoseconds)) {
                promise.fail(ProbeError.timeout)
                channel.close(promise: nil)
            }
            defer { backstop.cancel() }
            let expiry = try await promise.futureResult.get()
            try? await channel.close()
            return expiry
        } catch {
            promise.fail(error)
            throw error
        }
    }

    private static func isAddress(_ host: String) -> Bool {
        host.contains(":") || host.allSatisfy { $0.isNumber || $0 == "." }
    }

    /// Completes the promise with the peer certificate's expiry once the handshake is done, or
    /// fails it when the connection ends or errs first.
    private final class ExpiryReader: ChannelInboundHandler, RemovableChannelHandler {
        typealias InboundIn = NIOAny
        let promise: EventLoopPromise<Date>

        init(promise: EventLoopPromise<Date>) {
            self.promise = promise
        }

        func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
            if case TLSUserEvent.handshakeCompleted = event {
                let handler = try? context.pipeline.syncOperations.handler(type: NIOSSLClientHandler.self)
                if let certificate = handler?.peerCertificate {
                    promise.succeed(Date(timeIntervalSince1970: TimeInterval(certificate.notValidAfter)))
                } else {
                    promise.fail(ProbeError.noCertificate)
                }
                context.close(promise: nil)
            }
            context.fireUserInboundEventTriggered(event)
        }

        func errorCaught(context: ChannelHandlerContext, error: any Error) {
            promise.fail(error)
            context.close(promise: nil)
        }

        func channelInactive(context: ChannelHandlerContext) {
            promise.fail(ProbeError.closed)
            context.fireChannelInactive()
        }
    }

    enum ProbeError: Error {
        case noCertificate
        case closed
        case timeout
    }
}
