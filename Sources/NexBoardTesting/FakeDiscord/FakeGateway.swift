/*
 The fake Discord's gateway, as Discord behaves (shared/reference/discord/docs/events__gateway.mdx,
 topics__opcodes-and-status-codes.mdx):

 - HELLO with the heartbeat interval; op 1 → op 11 (ACK), unless ACKs are turned off;
 - IDENTIFY → READY with a new session id and the resume URL. A wrong token closes 4004, a second
   IDENTIFY on one connection 4005, one sooner than `identifyInterval` after the last gets op 9 d=false
   (Discord's `max_concurrency` per 5 s);
 - RESUME → the session's dispatches after `seq`, with their sequence numbers, then RESUMED. An
   unknown session gets op 9 d=false; a `seq` ahead of the session closes 4007 and ends it;
 - a dispatch is logged in the session with the next sequence number and sent at once only when the
   newest connection is ready (READY or RESUMED sent, nothing ended it since); otherwise it waits
   for a RESUME. What the bot has read is known from the `seq` of its heartbeats and RESUMEs;
 - interactions Discord loses are recorded: those of a session it ended (4007, 4009, op 9 d=false)
   that the bot had not reported reading, and those of a session the bot never reported READY
   for when it identifies again (it cannot resume a session it never got);
 - faults on demand: drop the socket without a close frame, close with a code (4007 and 4009 end the
   session), op 7, op 9 d=true/false (false ends the session), and silence: nothing more is sent or
   acknowledged and nothing read, while TCP stays open, as on a dead network path.

 Each connection's frames go out in the order they were made, through its `outputs` stream.
 */
import NIOCore

/// A fault the fake gateway injects into its newest connection.
public enum FakeGatewayFault: Sendable, Equatable, CustomStringConvertible {
    /// The socket is closed without a close frame.
    case drop
    /// A close frame with this code (4007 and 4009 also end the session).
    case close(code: Int)
    /// op 7.
    case reconnect
    /// op 9; `resumable` false ends the session.
    case invalidSession(resumable: Bool)
    /// Nothing more is sent or acknowledged, nothing is read; the socket stays open.
    case silence

    /// Whether the session ends with the fault: what the bot has not read of it is lost, as on Discord.
    public var endsSession: Bool {
        switch self {
        case .close(let code): code == 4007 || code == 4009
        case .invalidSession(let resumable): !resumable
        case .drop, .reconnect, .silence: false
        }
    }

    public var description: String {
        switch self {
        case .drop: "drop"
        case .close(let code): "close \(code)"
        case .reconnect: "op 7"
        case .invalidSession(let resumable): "op 9 d=\(resumable)"
        case .silence: "silence"
        }
    }
}

/// What the fake gateway saw, for tests to check the bot against Discord's rules.
public struct FakeGatewayRecord: Sendable {
    /// One silenced connection.
    public struct Silence: Sendable {
        public var connection: Int
        /// When the connection went silent.
        public var since: ContinuousClock.Instant
        /// The last HELLO or ACK the connection sent before: from then on the bot had no sign of life.
        public var lastSignOfLife: ContinuousClock.Instant
        /// When the bot dropped the socket; nil while it is open.
        public var left: ContinuousClock.Instant?
    }

    /// Connections opened.
    public var connections = 0
    /// Sessions started (READY sent).
    public var identifies = 0
    /// When each IDENTIFY arrived, the refused ones too.
    public var identifyTimes: [ContinuousClock.Instant] = []
    /// IDENTIFYs sooner than the identify interval after the last accepted one (answered with op 9).
    public var identifiesTooSoon = 0
    /// Sessions resumed (RESUMED sent).
    public var resumes = 0
    /// Heartbeats received.
    public var heartbeats = 0
    public var silences: [Silence] = []
    /// Interactions Discord may have lost (see FakeGateway): the bot had not reported reading them,
    /// though it may have read some since its last heartbeat. An unanswered one is no bot's fault.
    public var lostInteractions: [String] = []
}

/// The gateway part of the fake Discord's state: sessions, open connections, and what was seen.
struct FakeGateway {
    /// What a connection's writer does next.
    enum Output: Sendable {
        /// A frame; `interactionID` when it is an INTERACTION_CREATE (its send time is recorded).
        case text(String, interactionID: String?)
        case close(code: Int, reason: String?)
        case drop
    }

    struct Connection {
        let outputs: AsyncStream<Output>.Continuation
        let channel: any Channel
        /// HELLO, then each ACK: the bot's latest sign that the connection is alive.
        var lastSignOfLife: ContinuousClock.Instant
        var ready = false
        var identified = false
        /// The session READY or RESUMED put on this connection.
        var sessionID: String?
        /// A close, a drop or silence was injected: nothing more goes out.
        var ended = false
        var silence: Int?

        func send(_ text: String, interactionID: String? = nil) {
            outputs.yield(.text(text, interactionID: interactionID))
        }
    }

    struct Session {
        var events: [(sequence: Int, text: String, interactionID: String?)] = []
        var sequence = 0
        /// The highest sequence number the bot reported (heartbeat `d`, RESUME `seq`): it read that far.
        var read = 0
    }

    let token: String
    let heartbeatIntervalMS: Int
    let identifyInterval: Duration
    var gatewayURL = ""
    var acknowledgeHeartbeats = true
    private(set) var record = FakeGatewayRecord()
    private(set) var connections: [Int: Connection] = [:]
    /// The newest connection while it is open.
    private(set) var newest: Int?
    private(set) var currentSessionID: String?
    private var sessions: [String: Session] = [:]
    private var lastIdentify: ContinuousClock.Instant?

    init(token: String, heartbeatIntervalMS: Int, identifyInterval: Duration) {
        self.token = token
        self.heartbeatIntervalMS = heartbeatIntervalMS
        self.identifyInterval = identifyInterval
    }

    /// Whether connection `number` (or a later one) exists and the newest one is ready.
    func isReady(connection number: Int) -> Bool {
        record.connections >= number && newest.flatMap { connections[$0]?.ready } == true
    }

    /// The sockets of silent connections still open (closed when the fake stops).
    var silentChannels: [any Channel] { connections.values.filter { $0.silence != nil }.map(\.channel) }

    // MARK: Connections

    mutating func connected(outputs: AsyncStream<Output>.Continuation, channel: any Channel) -> Int {
        record.connections += 1
        let number = record.connections
        let connection = Connection(outputs: outputs, channel: channel, lastSignOfLife: .now)
        connection.send(#"{"op":10,"d":{"heartbeat_interval":\#(heartbeatIntervalMS)},"s":null,"t":null}"#)
        connections[number] = connection
        newest = number
        return number
    }

    mutating func disconnected(_ number: Int) {
        if let silence = connections[number]?.silence { record.silences[silence].left = .now }
        connections[number] = nil
        if newest == number { newest = nil }
    }

    func isSilent(_ number: Int) -> Bool { connections[number]?.silence != nil }

    // MARK: What the bot sends

    mutating func heartbeat(connection number: Int, sequence: Int?) {
        record.heartbeats += 1
        if let sessionID = connections[number]?.sessionID, let sequence, let read = sessions[sessionID]?.read {
            sessions[sessionID]?.read = max(read, sequence)
        }
        guard acknowledgeHeartbeats, var connection = connections[number], !connection.ended else { return }
        connection.send(#"{"op":11,"d":null,"s":null,"t":null}"#)
        connection.lastSignOfLife = .now
        connections[number] = connection
    }

    mutating func identify(connection number: Int, token given: String) {
        record.identifyTimes.append(.now)
        guard var connection = connections[number], !connection.ended else { return }
        guard given == token else { return close(number, code: 4004, reason: "Authentication failed.") }
        guard !connection.identified else { return close(number, code: 4005, reason: "Already authenticated.") }
        if let lastIdentify, lastIdentify + identifyInterval > .now {
            record.identifiesTooSoon += 1
            connection.send(Self.invalidSession(resumable: false))
            return
        }
        lastIdentify = .now
        if let previous = currentSessionID, sessions[previous]?.read == 0 {
            // The bot never reported READY of the previous session: it could not resume it.
            end(previous)
        }
        record.identifies += 1
        let id = "session-\(record.identifies)"
        sessions[id] = Session()
        currentSessionID = id
        connection.identified = true
        connection.sessionID = id
        connection.ready = true
        connections[number] = connection
        _ = dispatch(name: "READY", data: #"{"v":10,"session_id":"\#(id)","resume_gateway_url":"\#(gatewayURL)","user":{"id":"1","username":"nexboard"},"guilds":[],"application":{"id":"1","flags":0}}"#)
    }

    mutating func resume(connection number: Int, token given: String, sessionID: String, sequence: Int?) {
        guard var connection = connections[number], !connection.ended else { return }
        guard given == token else { return close(number, code: 4004, reason: "Authentication failed.") }
        guard var session = sessions[sessionID] else { return connection.send(Self.invalidSession(resumable: false)) }
        let after = sequence ?? 0
        guard after <= session.sequence else {
            end(sessionID)
            return close(number, code: 4007, reason: "Invalid seq.")
        }
        record.resumes += 1
        currentSessionID = sessionID
        for event in session.events where event.sequence > after {
            connection.send(event.text, interactionID: nil)
        }
        session.read = max(session.read, after)
        sessions[sessionID] = session
        connection.sessionID = sessionID
        connection.ready = true
        connections[number] = connection
        _ = dispatch(name: "RESUMED", data: "{}")
    }

    // MARK: Dispatches

    /// Logs a dispatch in the current session and sends it when the newest connection is ready.
    /// Returns its text; nil when there is no session.
    mutating func dispatch(name: String, data: String, interactionID: String? = nil) -> String? {
        guard let sessionID = currentSessionID, var session = sessions[sessionID] else { return nil }
        session.sequence += 1
        let text = #"{"op":0,"s":\#(session.sequence),"t":"\#(name)","d":\#(data)}"#
        session.events.append((session.sequence, text, interactionID))
        if let newest, let connection = connections[newest], connection.ready {
            connection.send(text, interactionID: interactionID)
        }
        sessions[sessionID] = session
        return text
    }

    /// Forgets every session's logged dispatches (a benchmark's memory); they can no longer be replayed.
    mutating func discardEvents() {
        for id in sessions.keys { sessions[id]?.events.removeAll() }
    }

    // MARK: Faults

    /// Injects `fault` into the newest connection. Returns false when there is none (or it already
    /// ended), or when `onlyWhenReady` and it is not ready.
    mutating func inject(_ fault: FakeGatewayFault, onlyWhenReady: Bool) -> Bool {
        guard let number = newest, var connection = connections[number], !connection.ended else { return false }
        if onlyWhenReady && !connection.ready { return false }
        if fault.endsSession, let currentSessionID { end(currentSessionID) }
        switch fault {
        case .drop:
            connection.ended = true
            connection.ready = false
            connection.outputs.yield(.drop)
        case .close(let code):
            connection.ended = true
            connection.ready = false
            connection.outputs.yield(.close(code: code, reason: nil))
        case .reconnect:
            connection.send(#"{"op":7,"d":null,"s":null,"t":null}"#)
        case .invalidSession(let resumable):
            connection.ready = false
            connection.send(Self.invalidSession(resumable: resumable))
        case .silence:
            connection.ended = true
            connection.ready = false
            connection.silence = record.silences.count
            record.silences.append(.init(connection: number, since: .now, lastSignOfLife: connection.lastSignOfLife))
        }
        connections[number] = connection
        return true
    }

    mutating func close(_ number: Int, code: Int, reason: String?) {
        guard var connection = connections[number] else { return }
        connection.ended = true
        connection.ready = false
        connection.outputs.yield(.close(code: code, reason: reason))
        connections[number] = connection
    }

    /// The session is over on Discord's side: a RESUME of it gets op 9, and the interactions the bot
    /// had not reported reading are lost.
    private mutating func end(_ sessionID: String) {
        if let session = sessions[sessionID] {
            record.lostInteractions += session.events.filter { $0.sequence > session.read }.compactMap(\.interactionID)
        }
        sessions[sessionID] = nil
        if currentSessionID == sessionID { currentSessionID = nil }
    }

    private static func invalidSession(resumable: Bool) -> String {
        #"{"op":9,"d":\#(resumable),"s":null,"t":null}"#
    }
}
