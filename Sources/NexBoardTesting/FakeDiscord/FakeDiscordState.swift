import Foundation
import HummingbirdWebSocket
import NIOWebSocket

/// Everything the fake Discord knows: gateway sessions and their event logs, the live connection,
/// the REST requests received, and the fault knobs tests turn.
actor FakeDiscordState {
    struct Session {
        var events: [(sequence: Int, text: String)] = []
        var sequence = 0
    }

    struct PendingFault {
        var pathContains: String
        var remaining: Int
        var kind: Kind
        enum Kind { case rateLimit(retryAfter: Double, global: Bool), serverError(Int) }
    }

    let token: String
    var heartbeatIntervalMS: Int
    var acknowledgeHeartbeats = true
    var sessions: [String: Session] = [:]
    var currentSessionID: String?
    var connection: WebSocketOutboundWriter?
    var connectionNumber = 0
    var connectionReady = false
    var identifies = 0
    var resumes = 0
    var heartbeatsReceived = 0
    var gatewayURL = ""
    var closeCodes: [Int] = []

    var requests: [FakeDiscordRequest] = []
    var recordsRequests = true
    var faults: [PendingFault] = []
    var interactions: [String: (token: String, callbacks: Int)] = [:]
    var nextID = 9_000_000_000
    /// When each interaction's dispatch was written to the gateway socket.
    var dispatchedAt: [String: ContinuousClock.Instant] = [:]
    /// When each interaction's callback arrived.
    var callbackAt: [String: ContinuousClock.Instant] = [:]

    init(token: String, heartbeatIntervalMS: Int) {
        self.token = token
        self.heartbeatIntervalMS = heartbeatIntervalMS
    }

    func newID() -> String {
        nextID += 1
        return String(nextID)
    }

    // MARK: Gateway

    func connected(_ writer: WebSocketOutboundWriter) -> (number: Int, hello: String) {
        connectionNumber += 1
        connection = writer
        connectionReady = false
        return (connectionNumber, "{\"op\":10,\"d\":{\"heartbeat_interval\":\(heartbeatIntervalMS)},\"s\":null,\"t\":null}")
    }

    func disconnected(_ number: Int) {
        guard number == connectionNumber else { return }
        connection = nil
        connectionReady = false
    }

    func isCurrent(_ number: Int) -> Bool { number == connectionNumber }

    /// The frames to send for an IDENTIFY; nil when the token is wrong (close 4004).
    func identify(token given: String) -> [String]? {
        guard given == token else { return nil }
        identifies += 1
        let id = "session-\(newID())"
        sessions[id] = Session()
        currentSessionID = id
        let ready = dispatchText(sessionID: id, name: "READY",
                                 data: "{\"v\":10,\"session_id\":\"\(id)\",\"resume_gateway_url\":\"\(gatewayURL)\",\"user\":{\"id\":\"1\",\"username\":\"nexboard\"},\"guilds\":[],\"application\":{\"id\":\"1\",\"flags\":0}}")
        connectionReady = true
        return [ready]
    }

    /// The frames to send for a RESUME: missed dispatches then RESUMED, or op 9 when the session is unknown.
    func resume(token given: String, sessionID: String, sequence: Int?) -> [String]? {
        guard given == token else { return nil }
        guard let session = sessions[sessionID] else { return ["{\"op\":9,\"d\":false,\"s\":null,\"t\":null}"] }
        resumes += 1
        currentSessionID = sessionID
        let missed = session.events.filter { $0.sequence > (sequence ?? 0) }.map(\.text)
        connectionReady = true
        return missed + [dispatchText(sessionID: sessionID, name: "RESUMED", data: "{}")]
    }

    func heartbeat() -> String? {
        heartbeatsReceived += 1
        guard acknowledgeHeartbeats else { return nil }
        return "{\"op\":11,\"d\":null,\"s\":null,\"t\":null}"
    }

    /// Appends a dispatch to the current session's log and returns its text.
    func dispatchText(sessionID: String, name: String, data: String) -> String {
        // In place: a copy of the session would copy its whole event log on every dispatch.
        sessions[sessionID, default: Session()].sequence += 1
        let sequence = sessions[sessionID, default: Session()].sequence
        let text = "{\"op\":0,\"s\":\(sequence),\"t\":\"\(name)\",\"d\":\(data)}"
        sessions[sessionID, default: Session()].events.append((sequence, text))
        return text
    }

    /// Logs an interaction dispatch; returns the writer to send it on when the connection is ready.
    func enqueueInteraction(id: String, token: String, json: String) -> (WebSocketOutboundWriter?, String)? {
        guard let sessionID = currentSessionID else { return nil }
        interactions[id] = (token, 0)
        let text = dispatchText(sessionID: sessionID, name: "INTERACTION_CREATE", data: json)
        return (connectionReady ? connection : nil, text)
    }

    // MARK: REST

    func takeFault(path: String) -> PendingFault.Kind? {
        guard let index = faults.firstIndex(where: { path.contains($0.pathContains) && $0.remaining > 0 }) else { return nil }
        faults[index].remaining -= 1
        let kind = faults[index].kind
        if faults[index].remaining == 0 { faults.remove(at: index) }
        return kind
    }

    func record(_ request: FakeDiscordRequest) {
        if recordsRequests { requests.append(request) }
    }

    /// 0 when the callback is accepted; otherwise the Discord error code (10062 unknown, 40060 already acknowledged).
    func acceptCallback(interactionID: String, token: String) -> Int {
        guard let known = interactions[interactionID], known.token == token else { return 10062 }
        guard known.callbacks == 0 else { return 40060 }
        interactions[interactionID]?.callbacks = 1
        callbackAt[interactionID] = .now
        return 0
    }

    func knowsInteractionToken(_ token: String) -> Bool {
        interactions.values.contains { $0.token == token && $0.callbacks > 0 }
    }
}
