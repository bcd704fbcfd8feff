/*
 One Socket Mode session (shared/reference/slack/docs: socket mode), from `apps.connections.open`
 until the connection drops or NexBoard must stop.

 - The bot token is checked first (`auth.test`): a refused token stops the platform for good.
 - Each connection is a child task: it reads frames, answers `hello` (the session is established),
   and hands envelopes to `deliver` with a way to acknowledge them on that same connection (the
   adapter handles them in tasks of its own, so an envelope outlives its connection).
 - `disconnect` with `warning` or `refresh_requested`: the next connection is opened at once and the
   old one keeps serving until the new one says hello; it is closed `handoverGrace` later, so that
   envelopes it delivered are still acknowledged on it: nothing is missed between the two. `link_disabled`: Socket Mode was turned off for the app; the platform stops.
 - The newest connection dropping ends the session; the runner reconnects (at once after a healthy
   session). A token refused by any call meanwhile (`onAuthenticationFailure`) stops it too.
 */
import Foundation
import HummingbirdWSClient
import Logging
import NIOWebSocket
import ChatKit
import NexBoardCore

/// Acknowledges one envelope on the connection it came on, optionally with a response payload.
typealias SocketModeAck = @Sendable (SlackMessage?) async throws -> Void

struct SlackSocketModeSession: Sendable {
    let api: SlackWebAPI
    let authentication: SlackAuthenticationWatch
    let deliver: @Sendable (SocketModeFrame, @escaping SocketModeAck) -> Void
    let established: @Sendable () async -> Void
    /// How long a replaced connection stays open after the new one said hello (longer than the first-reply window).
    let handoverGrace: Duration
    let sleep: @Sendable (Duration) async throws -> Void
    let logger: Logger

    private enum Event: Sendable {
        case hello(Int)
        case disconnect(Int, reason: String)
        case ended(Int, problem: String?)
        case authenticationFailed(String)
    }

    /// Closes the connections that were replaced.
    private actor Closers {
        var closers: [Int: @Sendable () async -> Void] = [:]
        func set(_ number: Int, _ closer: @escaping @Sendable () async -> Void) { closers[number] = closer }
        func closeAll(before number: Int) async {
            for (key, closer) in closers where key < number {
                closers[key] = nil
                await closer()
            }
        }
    }

    func run() async throws -> SessionOutcome {
        do {
            let identity = try await api.authTest(logger: logger)
            logger.debug("Slack bot token accepted", metadata: ["team_id": "\(identity.teamID ?? "?")"])
        } catch let error as SlackAPIError where error.isAuthenticationFailure {
            return .stop(reason: "Slack refused the bot token (\(error.code ?? "?"))")
        }
        let firstURL: String
        do {
            firstURL = try await api.openConnection(logger: logger)
        } catch let error as SlackAPIError where error.isAuthenticationFailure {
            return .stop(reason: "Slack refused the app-level token (\(error.code ?? "?"))")
        }
        let (events, continuation) = AsyncStream.makeStream(of: Event.self)
        let closers = Closers()
        return await withTaskGroup(of: Void.self) { group in
            defer { group.cancelAll() }
            group.addTask {
                for await code in await authentication.failures() {
                    continuation.yield(.authenticationFailed(code))
                }
            }
            var newest = 1
            var healthy = false
            group.addTask { await connection(1, url: firstURL, events: continuation, closers: closers) }
            for await event in events {
                switch event {
                case .hello(let number):
                    if !healthy {
                        healthy = true
                        logger.info("Slack Socket Mode connected")
                        await established()
                    }
                    group.addTask {
                        try? await sleep(handoverGrace)
                        await closers.closeAll(before: number)
                    }
                case .disconnect(let number, let reason):
                    logger.info("Slack asked to disconnect", metadata: ["reason": "\(reason)", "connection": "\(number)"])
                    if reason == "link_disabled" {
                        return .stop(reason: "Slack disabled Socket Mode for the app (link_disabled)")
                    }
                    guard number == newest else { continue }
                    do {
                        let url = try await api.openConnection(logger: logger)
                        newest += 1
                        let next = newest
                        group.addTask { await connection(next, url: url, events: continuation, closers: closers) }
                    } catch {
                        logger.warning("Could not open the next Socket Mode connection; the runner will reconnect",
                                       metadata: ["error": "\(error)"])
                    }
                case .ended(let number, let problem):
                    guard number == newest else { continue }
                    logger.info("Slack Socket Mode connection ended", metadata: ["problem": "\(problem ?? "none")"])
                    return .reconnect(healthy: healthy, delay: healthy ? .zero : nil)
                case .authenticationFailed(let code):
                    return .stop(reason: "Slack refused the token (\(code))")
                }
            }
            return .reconnect(healthy: healthy, delay: nil)
        }
    }

    /// Serves connection `number` until it closes.
    private func connection(_ number: Int, url: String, events: AsyncStream<Event>.Continuation, closers: Closers) async {
        var configuration = WebSocketClientConfiguration()
        configuration.maxFrameSize = 1 << 22
        configuration.closeTimeout = .seconds(2)
        var problem: String?
        do {
            _ = try await WebSocketClient.connect(url: url, configuration: configuration, logger: logger) { inbound, outbound, _ in
                await closers.set(number) { try? await outbound.close(.normalClosure, reason: nil) }
                try await read(number, inbound: inbound, outbound: outbound, events: events)
            }
        } catch {
            if !Task.isCancelled { problem = "\(error)" }
        }
        events.yield(.ended(number, problem: problem))
    }

    private func read(_ number: Int, inbound: WebSocketInboundStream, outbound: WebSocketOutboundWriter,
                      events: AsyncStream<Event>.Continuation) async throws {
        var messages = inbound.messages(maxSize: 1 << 22).makeAsyncIterator()
        do {
            while let message = try await messages.next() {
                guard case .text(let text) = message else { continue }
                let frame: SocketModeFrame
                do {
                    frame = try SocketModeFrame(text: text)
                } catch {
                    logger.warning("Unreadable Socket Mode frame", metadata: ["error": "\(error)"])
                    continue
                }
                switch frame {
                case .hello:
                    events.yield(.hello(number))
                case .disconnect(let reason):
                    events.yield(.disconnect(number, reason: reason))
                case .slashCommand(let id, _), .blockActions(let id, _):
                    deliver(frame, Self.acknowledger(id, outbound: outbound))
                case .other(let id, let type):
                    logger.debug("Acknowledged a Socket Mode envelope NexBoard does not act on", metadata: ["type": "\(type)"])
                    try await Self.acknowledger(id, outbound: outbound)(nil)
                case .unknown(let type):
                    logger.debug("Unknown Socket Mode message", metadata: ["type": "\(type)"])
                }
            }
        } catch where Task.isCancelled {
            // Asking for one more frame in a cancelled task ends the inbound stream for good, so the
            // client drops the socket instead of awaiting a close reply.
            _ = try? await messages.next()
            throw error
        }
    }

    /// Sends `{"envelope_id": …, "payload": …}` on the connection the envelope came on.
    static func acknowledger(_ envelopeID: String, outbound: WebSocketOutboundWriter) -> SocketModeAck {
        { message in
            let ack = Acknowledgement(envelopeID: envelopeID, payload: message.map { SlackWebAPI.ResponseMessage(message: $0, replaceOriginal: nil) })
            let data = try SlackWebAPI.encoder.encode(ack)
            try await outbound.write(.text(String(decoding: data, as: UTF8.self)))
        }
    }

    struct Acknowledgement: Encodable {
        var envelopeID: String
        var payload: SlackWebAPI.ResponseMessage?

        enum CodingKeys: String, CodingKey {
            case payload
            case envelopeID = "envelope_id"
        }
    }
}

/// Where a refused token is reported (by any Web API call), so that the session stops.
actor SlackAuthenticationWatch {
    private var code: String?
    private var watchers: [AsyncStream<String>.Continuation] = []

    func report(_ code: String) {
        guard self.code == nil else { return }
        self.code = code
        for watcher in watchers {
            watcher.yield(code)
            watcher.finish()
        }
        watchers = []
    }

    /// Yields Slack's code once a token is refused (at once when one already was). Ends when the
    /// waiting task is cancelled.
    func failures() -> AsyncStream<String> {
        let (stream, continuation) = AsyncStream.makeStream(of: String.self)
        if let code {
            continuation.yield(code)
            continuation.finish()
        } else {
            watchers.append(continuation)
        }
        return stream
    }
}
