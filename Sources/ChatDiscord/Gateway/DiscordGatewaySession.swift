/*
 One gateway connection, from opening the WebSocket to its close, driven by GatewayStateMachine.

 A reader loop feeds every frame to the machine and carries out the action; a heartbeat child task
 beats on the interval the machine asked for. INTERACTION_CREATE dispatches go to `deliver`, which
 hands them to the adapter's own task group: an interaction outlives the connection it came on.
 The session ends when the socket closes; it returns what the runner should do next.
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
            try await withThrowingTaskGroup(of: Void.self) { group in
                defer { group.cancelAll() }
                var messages = inbound.messages(maxSize: 1 << 22).makeAsyncIterator()
                while let message = try await messages.next() {
                    guard case .text(let text) = message else { continue }
                    let frame: GatewayFrame
                    let event: GatewayStateMachine.Event
                    do {
                        frame = try GatewayFrame(text: text)
                        event = Self.event(of: frame)
                    } catch {
                        logger.warning("Unreadable gateway frame", metadata: ["error": "\(error)"])
                        continue
                    }
                    let action = await driver.handle(event)
                    switch action {
                    case .none, .connect:
                        break
                    case .startSession(let firstBeat, let interval, let handshake):
                        group.addTask { try await heartbeat(firstBeat: firstBeat, interval: interval, outbound: outbound, ending: ending) }
                        switch handshake {
                        case .identify:
                            let wait = await driver.reserveIdentify(interval: configuration.identifyInterval)
                            if wait > .zero { try await sleep(wait) }
                            logger.info("Identifying to the Discord gateway")
                            try await outbound.write(.text(GatewayFrame.identify(token: configuration.token.value, intents: configuration.intents)))
                        case .resume(let sessionID, let sequence):
                            logger.info("Resuming the Discord gateway session", metadata: ["sequence": "\(sequence.map(String.init) ?? "none")"])
                            try await outbound.write(.text(GatewayFrame.resume(token: configuration.token.value, sessionID: sessionID, sequence: sequence)))
                        }
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
            }
        }
    }

    private func heartbeat(firstBeat: Duration, interval: Duration, outbound: WebSocketOutboundWriter, ending: Ending) async throws {
        try await sleep(firstBeat)
        while !Task.isCancelled {
            switch await driver.handle(.heartbeatDue) {
            case .sendHeartbeat(let sequence):
                try await outbound.write(.text(GatewayFrame.heartbeat(sequence: sequence)))
            case .reconnect(let resume, let delay):
                logger.warning("No heartbeat ACK from the Discord gateway; reconnecting")
                await ending.decide(.reconnect(healthy: await ending.healthy, delay: Self.pick(delay, jitter: jitter)))
                try? await outbound.close(resume ? .init(codeNumber: 4000) : .normalClosure, reason: nil)
                return
            default:
                return
            }
            try await sleep(interval)
        }
    }

    static func event(of frame: GatewayFrame) -> GatewayStateMachine.Event {
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
            return .hello(heartbeatInterval: .milliseconds(hello.heartbeat_interval), jitter: Double.random(in: 0..<1))
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
