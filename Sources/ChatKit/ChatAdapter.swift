/*
 The shell every chat platform runs in: a Service that

 - runs the platform's sessions through the ReconnectRunner (backoff, jitter, cap, reset after a
   good session, final vs. transient failures), reporting health on the way;
 - runs `prepare` (command registration…) beside the sessions, so that nothing done at start keeps
   requests waiting;
 - handles every inbound event in a child task of its own task group, so an event is answered even
   when the connection it came on drops, and drops repeats (InboundDedupe);
 - stays up after a final failure (a bad token) with the platform reported down: in a ServiceGroup a
   returning service would end NexBoard, and the other platforms and the HTTP page keep working;
 - returns when the platform's session says it is finished (the console's input ended).
 */
import Logging
import NexBoardCore
import ServiceLifecycle

/// Runs one `ChatPlatform`: sessions, inbound events, health. Add it to the ServiceGroup.
public final class ChatAdapter: Service, Sendable {
    public let platform: any ChatPlatform
    /// Where the platform's sessions and HTTP routes deliver events.
    public let inbox: ChatInbox
    private let events: AsyncStream<InboundEvent>
    private let runner: ReconnectRunner
    private let dedupe: InboundDedupe
    private let health: @Sendable (SessionHealth) async -> Void
    private let logger: Logger

    /// - Parameter health: `.up` when a session is established (`.upNoting` with a detail the platform
    ///   notes), `.reconnecting` between sessions, `.down` when the platform stopped for good.
    public init(platform: any ChatPlatform, runner: ReconnectRunner = ReconnectRunner(), dedupe: InboundDedupe,
                health: @escaping @Sendable (SessionHealth) async -> Void = { _ in }, logger: Logger) {
        self.platform = platform
        self.runner = runner
        self.dedupe = dedupe
        self.health = health
        var logger = logger
        logger[metadataKey: "platform"] = "\(platform.id)"
        self.logger = logger
        let (events, continuation) = AsyncStream.makeStream(of: InboundEvent.self)
        self.events = events
        self.inbox = ChatInbox(continuation: continuation)
    }

    /// The platform's HTTP routes, delivering to this adapter.
    public var httpRoutes: [ChatHTTPRoute] {
        platform.httpRoutes(inbox: inbox)
    }

    public func run() async throws {
        let (platform, runner, health, logger, inbox) = (self.platform, self.runner, self.health, self.logger, self.inbox)
        await withDiscardingTaskGroup { group in
            group.addTask {
                await cancelWhenGracefulShutdown { await platform.prepare(logger: logger) }
            }
            group.addTask {
                let reason = await cancelWhenGracefulShutdown {
                    await runner.run(name: platform.id, logger: logger, report: health) {
                        try await platform.serveSession(ChatSession(inbox: inbox, logger: logger, established: { await health(.up) },
                                                                    note: { await health(.upNoting($0)) }))
                    }
                }
                if reason != "finished" {
                    // Stopped for good (or shutting down): stay up, reported down, until shutdown.
                    try? await gracefulShutdown()
                }
                inbox.continuation.finish()
            }
            for await event in events {
                group.addTask { [dedupe] in
                    if let key = event.key, await !dedupe.isFirst(key, durable: event.durable, logger: logger) {
                        logger.notice("Dropped a repeated event", metadata: ["event": "\(key)"])
                        await event.repeated(logger)
                        return
                    }
                    await event.handle(logger)
                }
            }
        }
    }
}
