import Foundation
import NIOCore

/// Everything the fake Discord knows: the gateway (sessions, connections), the interactions sent and
/// answered, the REST requests received, and the fault knobs tests turn.
actor FakeDiscordState {
    struct PendingFault {
        var pathContains: String
        var remaining: Int
        var kind: Kind
        enum Kind { case rateLimit(retryAfter: Double, global: Bool), serverError(Int) }
    }

    let token: String
    var gateway: FakeGateway

    var requests: [FakeDiscordRequest] = []
    /// Messages created per channel (ids, in order), and the enforced nonces seen.
    var channelMessages: [String: [String]] = [:]
    var nonces: [String: String] = [:]
    var recordsRequests = true
    var faults: [PendingFault] = []
    var interactions: [String: (token: String, callbacks: Int)] = [:]
    /// Callbacks refused because the interaction already had one (an interaction handled twice).
    var repeatedCallbacks = 0
    var nextID = 9_000_000_000
    /// When each interaction's dispatch was written to the gateway socket.
    var dispatchedAt: [String: ContinuousClock.Instant] = [:]
    /// When each interaction's callback arrived.
    var callbackAt: [String: ContinuousClock.Instant] = [:]

    init(token: String, heartbeatIntervalMS: Int, identifyInterval: Duration) {
        self.token = token
        self.gateway = FakeGateway(token: token, heartbeatIntervalMS: heartbeatIntervalMS, identifyInterval: identifyInterval)
    }

    func newID() -> String {
        nextID += 1
        return String(nextID)
    }

    // MARK: Gateway

    func connected(outputs: AsyncStream<FakeGateway.Output>.Continuation, channel: any Channel) -> Int {
        gateway.connected(outputs: outputs, channel: channel)
    }

    func disconnected(_ number: Int) { gateway.disconnected(number) }
    func isSilent(_ number: Int) -> Bool { gateway.isSilent(number) }
    func silentChannels() -> [any Channel] { gateway.silentChannels }
    func gatewayRecord() -> FakeGatewayRecord { gateway.record }
    func heartbeat(connection number: Int, sequence: Int?) { gateway.heartbeat(connection: number, sequence: sequence) }
    func identify(connection number: Int, token: String) { gateway.identify(connection: number, token: token) }
    func resume(connection number: Int, token: String, sessionID: String, sequence: Int?) {
        gateway.resume(connection: number, token: token, sessionID: sessionID, sequence: sequence)
    }
    func closeGateway(_ number: Int, code: Int, reason: String) { gateway.close(number, code: code, reason: reason) }

    /// Logs an interaction dispatch in the current session (sent at once when the connection is
    /// ready, else replayed on RESUME). False when there is no session to send it on.
    func enqueueInteraction(id: String, token: String, json: String) -> Bool {
        guard gateway.dispatch(name: "INTERACTION_CREATE", data: json, interactionID: id) != nil else { return false }
        interactions[id] = (token, 0)
        return true
    }

    // MARK: REST

    func takeFault(path: String) -> PendingFault.Kind? {
        guard let index = faults.firstIndex(where: { path.contains($0.pathContains) && $0.remaining > 0 }) else { return nil }
        faults[index].remaining -= 1
        let kind = faults[index].kind
        if faults[index].remaining == 0 { faults.remove(at: index) }
        return kind
    }

    /// A new message's id; with an enforced nonce already used in the channel, the first message's id
    /// and nothing created (as Discord does within a few minutes).
    func createMessage(channel: String, nonce: String?) -> String {
        if let nonce, let existing = nonces["\(channel)/\(nonce)"] { return existing }
        let id = newID()
        channelMessages[channel, default: []].append(id)
        if let nonce { nonces["\(channel)/\(nonce)"] = id }
        return id
    }

    func record(_ request: FakeDiscordRequest) {
        if recordsRequests { requests.append(request) }
    }

    /// 0 when the callback is accepted; otherwise the Discord error code (10062 unknown, 40060 already acknowledged).
    func acceptCallback(interactionID: String, token: String) -> Int {
        guard let known = interactions[interactionID], known.token == token else { return 10062 }
        guard known.callbacks == 0 else {
            repeatedCallbacks += 1
            return 40060
        }
        interactions[interactionID]?.callbacks = 1
        callbackAt[interactionID] = .now
        return 0
    }

    func knowsInteractionToken(_ token: String) -> Bool {
        interactions.values.contains { $0.token == token && $0.callbacks > 0 }
    }
}
