/*
 One gateway connection, from opening the WebSocket to its close, driven by GatewayStateMachine.

 The connection is served by child tasks of one task group:
 - the reader feeds every frame to the machine and carries out the action;
 - from HELLO on, the heartbeat beats on the interval the machine asked for, and is the one that
   finds a zombie connection (no ACK since the last beat);
 - the handshake sends RESUME at once, or IDENTIFY once the identify spacing allows it: that wait
   runs beside the reader, so ACKs and dispatches are read meanwhile.
 The reader ending, or the heartbeat finding a zombie, ends the session: the other tasks are
 cancelled and the handler returns at once. A cancelled reader ends the inbound stream, so the
 client closes the socket without waiting for a close reply that a silent peer would never send.
 INTERACTION_CREATE dispatches go to `deliver`, which hands them to the adapter's own task group:
 an interaction outlives the connection it came on. The session returns what the runner should do next.
 */
import Foundation
import HummingbirdWSClient
import Logging
import NIOWebSocket
import ChatKit
import NexBoardCore

struct DiscordGatewaySession: Sendable {
    let configuration: DiscordAdapterConfiguration
    let driver: GatewayDriver
    let sleep: @Sendable (Duration) async throws -> Void
    let jitter: @Sendable () -> Double
    let deliver: @Sendable (DiscordInteraction) -> Void
    let onReady: @Sendable () async -> Void
    let logger: Logger

    /// What ended the session, set by whichever task decided it first.
    private actor Ending {
        var outcome: SessionOutcome?
        var healthy = false
        func decide(_ value: SessionOutcome) { if outcome == nil { outcome = value } }
        func markHealthy() { healthy = true }
    }

    func run() async throws -> SessionOutcome {
        let action = await driver.handle(.connecting)
        let url: String
        switch action {
        case .connect(let target): url = Self.gatewayURL(target ?? configuration.gatewayURL)
        case .stop(let reason): return .stop(reason: "\(reason)")
        default: return .reconnect(healthy: false, delay: nil)
        }
        let ending = Ending()
        var wsConfiguration = WebSocketClientConfiguration()
        wsConfiguration.maxFrameSize = 1 << 22
        wsConfiguration.closeTimeout = .seconds(2)
        logger.debug("Connecting to the Discord gateway")
        let closeFrame: WebSocketCloseFrame?
        do {
            closeFrame = try await connect(url: url, configuration: wsConfiguration, ending: ending)
        } catch {
            if await ending.outcome == nil, !(await driver.isReady) { _ = await driver.handle(.connectFailed) }
            throw error
        }
        if let decided = await ending.outcome { return decided }
        let code = closeFrame.map { Int(UInt16(webSocketErrorCode: $0.closeCode)) }
        logger.info("Discord gateway closed", metadata: ["code": "\(code.map(String.init) ?? "none")"])
        switch await driver.handle(.closed(code: code)) {
        case .stop(let reason): return .stop(reason: Self.describe(reason))
        case .reconnect(_, let delay): return .reconnect(healthy: await ending.healthy, delay: Self.pick(delay, jitter: jitter))
        default: return .reconnect(healthy: await ending.healthy, delay: nil)
        }
    }

    private func connect(url: String, configuration wsConfiguration: WebSocketClientConfiguration,
                         ending: Ending) async throws -> WebSocketCloseFrame? {
        try await WebSocketClient.connect(url: url, configuration: wsConfiguration, logger: logger) { inbound, outbound, _ in
            try await serve(inbound: inbound, outbound: outbound, ending: ending)
        }
    }

    /// How a child task of the connection ended.
    private enum TaskEnd {
        /// The session is over (the socket closed, the machine asked to reconnect or stop, a zombie).
        case sessionOver
        /// The task did its part (the handshake was sent, or a write failed and the reader will see the socket end).
        case done
    }

    /// What HELLO started: the heartbeat's timing and the handshake to send.
    private struct Start: Sendable {
        var firstBeat: Duration
        var interval: Duration
        var handshake: GatewayStateMachine.Handshake
    }

    private func serve(inbound: WebSocketInboundStream, outbound: WebSocketOutboundWriter, ending: Ending) async throws {
        let (starts, startContinuation) = AsyncStream.makeStream(of: Start.self)
        try await withThrowingTaskGroup(of: TaskEnd.self) { group in
            group.addTask {
                defer { startContinuation.finish() }
                try await read(inbound: inbound, outbound: outbound, ending: ending, started: startContinuation)
                return .sessionOver
            }
            // The machine starts a session once per connection; nil: the reader ended before HELLO.
            var iterator = starts.makeAsyncIterator()
            if let start = await iterator.next() {
                group.addTask {
                    await heartbeat(firstBeat: start.firstBeat, interval: start.interval, outbound: outbound, ending: ending)
                }
                group.addTask {
                    await handshake(start.handshake, outbound: outbound)
                    return .done
                }
            }
            while let end = try await group.next(), end == .done {}
            group.cancelAll()
        }
    }

    private func read(inbound: WebSocketInboundStream, outbound: WebSocketOutboundWriter, ending: Ending,
                      started: AsyncStream<Start>.Continuation) async throws {
        var messages = inbound.messages(maxSize: 1 << 22).makeAsyncIterator()
        do {
            while let message = try await messages.next() {
                guard case .text(let text) = message else { continue }
                let frame: GatewayFrame
                let event: GatewayStateMachine.Event
                do {
                    frame = try GatewayFrame(text: text)
                    event = Self.event(of: frame, jitter: jitter)
                } catch {
                    logger.warning("Unreadable gateway frame", metadata: ["error": "\(error)"])
                    continue
                }
                switch await driver.handle(event) {
                case .none, .connect:
                    break
                case .startSession(let firstBeat, let interval, let handshake):
                    started.yield(Start(firstBeat: firstBeat, interval: interval, handshake: handshake))
                case .sendHeartbeat(let sequence):
                    try await outbound.write(.text(GatewayFrame.heartbeat(sequence: sequence)))
                case .deliver(let name):
                    switch name {
                    case "READY", "RESUMED":
                        logger.info("Discord gateway session established", metadata: ["event": "\(name)"])
                        await ending.markHealthy()
                        await onReady()
                    case "INTERACTION_CREATE":
                        switch frame.payload {
                        case .interaction(let interaction): deliver(interaction)
                        case .unreadableInteraction(let error): logger.warning("Unreadable interaction", metadata: ["error": "\(error)"])
                        default: break
                        }
                    default:
                        break
                    }
                case .reconnect(let resume, let delay):
                    await ending.decide(.reconnect(healthy: await ending.healthy, delay: Self.pick(delay, jitter: jitter)))
                    try? await outbound.close(resume ? .init(codeNumber: 4000) : .normalClosure, reason: nil)
                    return
                case .stop(let reason):
                    await ending.decide(.stop(reason: Self.describe(reason)))
                    try? await outbound.close(.normalClosure, reason: nil)
                    return
                }
            }
        } catch where Task.isCancelled {
            // The session ended elsewhere (a zombie). Asking for one more frame in a cancelled task ends
            // the inbound stream for good, so the client drops the socket instead of awaiting a close reply.
            _ = try? await messages.next()
            throw error
        }
    }

    /// Beats until the connection turns out to be a zombie (`.sessionOver`), or until a write fails or
    /// the machine has left the session (`.done`: the reader sees the end).
    private func heartbeat(firstBeat: Duration, interval: Duration, outbound: WebSocketOutboundWriter, ending: Ending) async -> TaskEnd {
        do {
            try await sleep(firstBeat)
            while true {
                switch await driver.handle(.heartbeatDue) {
                case .sendHeartbeat(let sequence):
                    try await outbound.write(.text(GatewayFrame.heartbeat(sequence: sequence)))
                case .reconnect(let resume, let delay):
                    logger.warning("No heartbeat ACK from the Discord gateway; leaving the connection")
                    await ending.decide(.reconnect(healthy: await ending.healthy, delay: Self.pick(delay, jitter: jitter)))
                    try? await outbound.close(resume ? .init(codeNumber: 4000) : .normalClosure, reason: nil)
                    return .sessionOver
                default:
                    return .done
                }
                try await sleep(interval)
            }
        } catch {
            if !Task.isCancelled { logger.debug("Gateway heartbeat not sent", metadata: ["error": "\(error)"]) }
            return .done
        }
    }

    /// Sends RESUME at once, or IDENTIFY when the last one (by any connection) is `identifyInterval` ago.
    /// The identify slot is taken only when IDENTIFY goes out: a connection lost during the wait
    /// leaves it to the next one.
    private func handshake(_ handshake: GatewayStateMachine.Handshake, outbound: WebSocketOutboundWriter) async {
        do {
            switch handshake {
            case .identify:
                var wait = await driver.takeIdentifySlot(interval: configuration.identifyInterval)
                while wait > .zero {
                    logger.debug("Waiting before IDENTIFY", metadata: ["wait_ms": "\(wait.wholeMilliseconds)"])
                    try await sleep(wait)
                    wait = await driver.takeIdentifySlot(interval: configuration.identifyInterval)
                }
                logger.info("Identifying to the Discord gateway")
                try await outbound.write(.text(GatewayFrame.identify(token: configuration.token.value, intents: configuration.intents)))
            case .resume(let sessionID, let sequence):
                logger.info("Resuming the Discord gateway session", metadata: ["sequence": "\(sequence.map(String.init) ?? "none")"])
                try await outbound.write(.text(GatewayFrame.resume(token: configuration.token.value, sessionID: sessionID, sequence: sequence)))
            }
        } catch {
            if !Task.isCancelled { logger.debug("Gateway handshake not sent", metadata: ["error": "\(error)"]) }
        }
    }

    /// The state machine's event for a frame; HELLO's heartbeat jitter comes from `jitter` (0...1).
    static func event(of frame: GatewayFrame, jitter: () -> Double) -> GatewayStateMachine.Event {
        switch (frame.op, frame.payload) {
        case (0, let payload):
            var ready: GatewayStateMachine.ReadyInfo?
            if case .ready(let data) = payload {
                ready = .init(sessionID: data.session_id, resumeGatewayURL: data.resume_gateway_url)
            }
            return .dispatch(name: frame.name ?? "", sequence: frame.sequence, ready: ready)
        case (1, _): return .heartbeatRequested
        case (7, _): return .reconnectRequested
        case (9, .invalidSession(let resumable)): return .invalidSession(resumable: resumable)
        case (10, .hello(let hello)):
            return .hello(heartbeatInterval: .milliseconds(hello.heartbeat_interval), jitter: jitter())
        case (11, _): return .heartbeatAcknowledged
        default: return .dispatch(name: "", sequence: nil, ready: nil)
        }
    }

    static func gatewayURL(_ base: String) -> String {
        var url = base
        while url.hasSuffix("/") { url.removeLast() }
        return url + "/?v=10&encoding=json"
    }

    static func pick(_ range: ClosedRange<Duration>?, jitter: @Sendable () -> Double) -> Duration? {
        guard let range else { return nil }
        return range.lowerBound + (range.upperBound - range.lowerBound) * min(max(jitter(), 0), 1)
    }

    static func describe(_ reason: GatewayStateMachine.StopReason) -> String {
        switch reason {
        case .authenticationFailed: "Discord refused the bot token (close 4004)"
        case .invalidShard: "invalid shard (close 4010)"
        case .shardingRequired: "sharding required (close 4011)"
        case .invalidAPIVersion: "invalid API version (close 4012)"
        case .invalidIntents: "invalid intents (close 4013)"
        case .disallowedIntents: "intents not enabled for this application (close 4014)"
        }
    }
}
