/*
 The Discord gateway connection (v10) as a pure state machine: no I/O, no clock, no randomness.

 The session driver feeds it what happened on the socket and on its timers, and carries out the
 returned action. The machine outlives one connection: it keeps the session id, the resume URL and
 the last sequence number so that the next connection can RESUME.

   connect → HELLO → (heartbeat after interval × jitter) + IDENTIFY, or RESUME when a session exists
   READY / RESUMED → ready; every dispatch with `s` updates the sequence
   heartbeat due without an ACK since the last beat → zombie: reconnect and resume
   op 1 → beat now; op 7 → reconnect and resume; op 9 d=true → resume, d=false → new session after 1–5 s
   close 4004, 4010–4014 → stop and report; 4007, 4009 → new session; any other → resume
   the resume URL unreachable twice in a row → new session through the configured gateway
 */

/// What the gateway connection does next, given what happened.
public struct GatewayStateMachine: Sendable {
    /// Something that happened on the connection or its timers.
    public enum Event: Sendable, Equatable {
        /// The driver is about to open a new WebSocket connection.
        case connecting
        /// op 10. `jitter` in 0..<1, chosen by the driver.
        case hello(heartbeatInterval: Duration, jitter: Double)
        /// The heartbeat timer fired.
        case heartbeatDue
        /// op 11.
        case heartbeatAcknowledged
        /// op 1: the gateway asks for a heartbeat now.
        case heartbeatRequested
        /// op 0. `ready` is set for READY.
        case dispatch(name: String, sequence: Int?, ready: ReadyInfo?)
        /// op 7.
        case reconnectRequested
        /// op 9.
        case invalidSession(resumable: Bool)
        /// The socket closed; `code` is the WebSocket close code when there was one.
        case closed(code: Int?)
        /// The connection could not be opened at all.
        case connectFailed
    }

    /// What READY carries that the machine keeps.
    public struct ReadyInfo: Sendable, Equatable {
        public var sessionID: String
        public var resumeGatewayURL: String

        public init(sessionID: String, resumeGatewayURL: String) {
            self.sessionID = sessionID
            self.resumeGatewayURL = resumeGatewayURL
        }
    }

    /// How to start the session once HELLO arrived.
    public enum Handshake: Sendable, Equatable {
        case identify
        case resume(sessionID: String, sequence: Int?)
    }

    /// Why the gateway will not be reconnected.
    public enum StopReason: Sendable, Equatable {
        case authenticationFailed
        case invalidShard
        case shardingRequired
        case invalidAPIVersion
        case invalidIntents
        case disallowedIntents
    }

    /// What the driver must do.
    public enum Action: Sendable, Equatable {
        case none
        /// Open a connection to `url` (the resume URL when resuming; nil: the configured gateway URL).
        case connect(url: String?)
        /// Send the first heartbeat after `firstBeat`, then every `interval`; start the session with `handshake`.
        case startSession(firstBeat: Duration, interval: Duration, handshake: Handshake)
        /// Send op 1 with this sequence.
        case sendHeartbeat(sequence: Int?)
        /// Handle this dispatch (its name); READY and RESUMED also mean the session is good.
        case deliver(name: String)
        /// Close the socket (with a non-1000 code, so the session stays resumable) and connect again.
        /// `resume` false: the session is gone and the next connection identifies.
        /// `delay`: wait a random time in this range first (op 9 without resume asks for 1–5 s).
        case reconnect(resume: Bool, delay: ClosedRange<Duration>?)
        /// Close for good and report.
        case stop(StopReason)
    }

    private enum State: Sendable, Equatable {
        case idle
        case awaitingHello
        case handshaking
        case ready
        case stopped(StopReason)
    }

    private var state: State = .idle
    private var sessionID: String?
    private var resumeGatewayURL: String?
    private var heartbeatAcknowledged = true
    /// Connections to the resume URL that failed in a row; after two, the session is given up and
    /// the bot identifies through the configured gateway, as Discord advises.
    private var failedResumeConnects = 0
    /// Last sequence number received; sent in heartbeats and RESUME.
    public private(set) var sequence: Int?

    public init() {}

    /// The session that a reconnect would resume, if any.
    public var resumableSessionID: String? { sessionID }

    /// Whether the session is established (READY or RESUMED seen on this connection).
    public var isReady: Bool { state == .ready }

    public mutating func handle(_ event: Event) -> Action {
        if case .stopped(let reason) = state { return .stop(reason) }
        switch event {
        case .connecting:
            state = .awaitingHello
            heartbeatAcknowledged = true
            return .connect(url: sessionID == nil ? nil : resumeGatewayURL)

        case .connectFailed:
            guard state == .awaitingHello else { return .none }
            state = .idle
            if sessionID != nil {
                failedResumeConnects += 1
                if failedResumeConnects >= 2 {
                    failedResumeConnects = 0
                    forgetSession()
                }
            }
            return .reconnect(resume: sessionID != nil, delay: nil)

        case .hello(let interval, let jitter):
            guard state == .awaitingHello else { return .none }
            failedResumeConnects = 0
            state = .handshaking
            heartbeatAcknowledged = true
            let clamped = min(max(jitter, 0), 1)
            let handshake: Handshake = sessionID.map { .resume(sessionID: $0, sequence: sequence) } ?? .identify
            return .startSession(firstBeat: interval * clamped, interval: interval, handshake: handshake)

        case .heartbeatDue:
            guard state == .handshaking || state == .ready else { return .none }
            guard heartbeatAcknowledged else {
                // No ACK since the last beat: the connection is a zombie.
                state = .idle
                return .reconnect(resume: sessionID != nil, delay: nil)
            }
            heartbeatAcknowledged = false
            return .sendHeartbeat(sequence: sequence)

        case .heartbeatRequested:
            guard state == .handshaking || state == .ready else { return .none }
            return .sendHeartbeat(sequence: sequence)

        case .heartbeatAcknowledged:
            heartbeatAcknowledged = true
            return .none

        case .dispatch(let name, let newSequence, let ready):
            if let newSequence { sequence = newSequence }
            if name == "READY", let ready {
                sessionID = ready.sessionID
                resumeGatewayURL = ready.resumeGatewayURL
                state = .ready
            } else if name == "RESUMED" {
                state = .ready
            }
            return .deliver(name: name)

        case .reconnectRequested:
            state = .idle
            return .reconnect(resume: sessionID != nil, delay: nil)

        case .invalidSession(let resumable):
            state = .idle
            if resumable && sessionID != nil { return .reconnect(resume: true, delay: nil) }
            forgetSession()
            return .reconnect(resume: false, delay: .seconds(1)...Duration.seconds(5))

        case .closed(let code):
            guard state != .idle else { return .none }
            state = .idle
            switch code {
            case 4004: return stop(.authenticationFailed)
            case 4010: return stop(.invalidShard)
            case 4011: return stop(.shardingRequired)
            case 4012: return stop(.invalidAPIVersion)
            case 4013: return stop(.invalidIntents)
            case 4014: return stop(.disallowedIntents)
            case 4007, 4009:
                forgetSession()
                return .reconnect(resume: false, delay: nil)
            default:
                return .reconnect(resume: sessionID != nil, delay: nil)
            }
        }
    }

    private mutating func stop(_ reason: StopReason) -> Action {
        state = .stopped(reason)
        return .stop(reason)
    }

    private mutating func forgetSession() {
        sessionID = nil
        resumeGatewayURL = nil
        sequence = nil
    }
}
