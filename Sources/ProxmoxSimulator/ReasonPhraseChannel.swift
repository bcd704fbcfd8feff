import HummingbirdCore
import Logging
import NIOCore
import NIOHTTP1

/*
 pve-api-daemon puts its error message in the HTTP reason phrase ("HTTP/1.1 500 VM 999 not
 running"). Hummingbird converts responses to NIO's HTTP/1 types, and `HTTPResponseStatus(statusCode:
 reasonPhrase:)` replaces the phrase of a well-known code with the standard one. So the responder
 carries the phrase in a private header, and this handler, placed just before NIO's HTTP/1 encoder
 (on the way out), moves it back into the status line.
 */

/// Wraps a child channel setup and adds `ReasonPhraseRestorer` to each connection's pipeline.
struct ReasonPhraseChannel<Base: ServerChildChannel>: ServerChildChannel {
    typealias Value = Base.Value

    let base: Base

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        base.setup(channel: channel, logger: logger).flatMapThrowing { value in
            let encoder = try channel.pipeline.syncOperations.handler(type: HTTPResponseEncoder.self)
            try channel.pipeline.syncOperations.addHandler(ReasonPhraseRestorer(), position: .after(encoder))
            return value
        }
    }

    func handle(value: Value, logger: Logger) async {
        await base.handle(value: value, logger: logger)
    }
}
