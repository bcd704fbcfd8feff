import Foundation
import NIOCore

/// Everything the fake Slack knows: tokens, posted messages, response URLs, Socket Mode connections
/// and the envelopes waiting for their acknowledgement, and the fault knobs tests turn.
actor FakeSlackState {
    struct Fault {
        enum Kind {
            case rateLimit(retryAfter: Int), error(String), serverError(Int)
            /// The call is carried out, then its answer is lost.
            case loseAnswer(FakeSlack.LostAnswer)
        }
        var method: String
        var remaining: Int
        var kind: Kind
    }

    /// A Socket Mode connection: what its writer sends, in order.
    enum Output: Sendable {
        case text(String, envelopeID: String?)
        case close
        case drop
    }

    struct Connection {
        let outputs: AsyncStream<Output>.Continuation
        let channel: any Channel
        var open = true
    }

    struct Pending {
        var envelope: [String: Any]
        var sentAt: ContinuousClock.Instant
        var attempts: Int
    }

    struct ResponseURL {
        var uses = 0
        let created: ContinuousClock.Instant
        let channel: String
        let user: String
    }

    let botToken: String
    let appToken: String
    let redeliveryDelay: Duration
    let responseURLLifetime: Duration
    var baseURL = ""
    var botTokenRevoked = false

    var requests: [FakeSlackRequest] = []
    var recordsRequests = true
    var faults: [Fault] = []
    /// Channel → error code for posts there (`not_in_channel`, `channel_not_found`).
    var refusedChannels: [String: String] = [:]
    /// Channel → ts → the latest request that made that message (posted, then edited).
    var messages: [String: [String: FakeSlackRequest]] = [:]
    var messageOrder: [String: [String]] = [:]
    var edits: [String: Int] = [:]
    var nextTS = 0

    // Socket Mode
    var tickets: Set<String> = []
    var connections: [Int: Connection] = [:]
    var connectionCount = 0
    var newest: Int?
    var pending: [String: Pending] = [:]
    var acks: [FakeSlack.Ack] = []
    var sentAt: [String: ContinuousClock.Instant] = [:]
    var redeliveries = 0
    var unknownAcks = 0
    var nextEnvelope = 0

    // Response URLs
    var responseURLs: [String: ResponseURL] = [:]
    var responses: [String: [FakeSlackRequest]] = [:]

    // Files: id → the upload, from `files.getUploadURLExternal` until shared
    var uploads: [String: FakeSlack.File] = [:]
    var nextFile = 0

    init(botToken: String, appToken: String, redeliveryDelay: Duration, responseURLLifetime: Duration) {
        self.botToken = botToken
        self.appToken = appToken
        self.redeliveryDelay = redeliveryDelay
        self.responseURLLifetime = responseURLLifetime
    }

    func setBaseURL(_ url: String) { baseURL = url }

    func record(_ request: FakeSlackRequest) {
        if recordsRequests { requests.append(request) }
    }

    func takeFault(method: String) -> Fault.Kind? {
        guard let index = faults.firstIndex(where: { $0.method == method && $0.remaining > 0 }) else { return nil }
        faults[index].remaining -= 1
        let kind = faults[index].kind
        if faults[index].remaining == 0 { faults.remove(at: index) }
        return kind
    }

    /// A new message time: the wall clock in microseconds, as Slack's are, always later than the last.
    func newTS() -> String {
        nextTS = max(nextTS + 100, Int(Date().timeIntervalSince1970 * 1_000_000))
        let digits = String(nextTS)
        return String(digits.prefix(10)) + "." + String(digits.dropFirst(10))
    }

    // MARK: Messages

    func post(channel: String, request: FakeSlackRequest) -> String {
        let ts = newTS()
        messages[channel, default: [:]][ts] = request
        messageOrder[channel, default: []].append(ts)
        return ts
    }

    /// Messages in `channel` with `oldest` < ts < `latest` (or ≤ when `inclusive`), newest first.
    func history(channel: String, oldest: String?, latest: String?, inclusive: Bool) -> [(ts: String, request: FakeSlackRequest)] {
        let order = messageOrder[channel] ?? []
        let stored = messages[channel] ?? [:]
        func number(_ ts: String?) -> Double? { ts.flatMap(Double.init) }
        let (low, high) = (number(oldest), number(latest))
        return order.reversed().compactMap { ts -> (String, FakeSlackRequest)? in
            guard let value = Double(ts), let request = stored[ts] else { return nil }
            if let low, inclusive ? value < low : value <= low { return nil }
            if let high, inclusive ? value > high : value >= high { return nil }
            return (ts, request)
        }
    }

    // MARK: Files

    func newUpload(filename: String, length: Int, altText: String?) -> String {
        nextFile += 1
        let id = "F0FAKE" + String(repeating: "0", count: max(0, 4 - String(nextFile).count)) + String(nextFile)
        uploads[id] = FakeSlack.File(id: id, filename: filename, declaredLength: length, altText: altText)
        return id
    }

    /// nil when taken, else why not (unknown id, a length other than declared).
    func receiveUpload(_ id: String, bytes: Data) -> String? {
        guard var file = uploads[id], file.channel == nil else { return "unknown upload" }
        guard bytes.count == file.declaredLength else { return "\(bytes.count) bytes, \(file.declaredLength) declared" }
        file.data = bytes
        uploads[id] = file
        return nil
    }

    /// Shares uploaded files in `channel`: one message that shows them. nil when done, else Slack's error.
    func share(files: [(id: String, title: String?)], channel: String, threadTS: String?, comment: String?) -> String? {
        guard !files.isEmpty, files.allSatisfy({ uploads[$0.id]?.data != nil && uploads[$0.id]?.channel == nil }) else { return "invalid_arguments" }
        if let threadTS, messages[channel]?[threadTS] == nil { return "invalid_thread_ts" }
        let ts = newTS()
        var shown: [[String: Any]] = []
        for (id, title) in files {
            guard var file = uploads[id] else { continue }
            file.title = title ?? file.filename
            file.channel = channel
            file.ts = ts
            file.threadTS = threadTS
            uploads[id] = file
            shown.append(["id": id, "name": file.filename, "title": file.title ?? file.filename, "size": file.declaredLength])
        }
        let object: [String: Any] = ["text": comment ?? "", "files": shown]
        let body = (try? JSONSerialization.data(withJSONObject: object)) ?? Data()
        messages[channel, default: [:]][ts] = FakeSlackRequest(method: "files.completeUploadExternal", token: nil, body: body, isForm: false,
                                                               error: nil, violations: [])
        messageOrder[channel, default: []].append(ts)
        return nil
    }

    /// False when there is no such message.
    func update(channel: String, ts: String, request: FakeSlackRequest) -> Bool {
        guard messages[channel]?[ts] != nil else { return false }
        messages[channel]?[ts] = request
        edits["\(channel)/\(ts)", default: 0] += 1
        return true
    }

    // MARK: Response URLs

    func newResponseURL(channel: String, user: String) -> String {
        nextEnvelope += 1
        let id = "r\(nextEnvelope)"
        responseURLs[id] = ResponseURL(created: .now, channel: channel, user: user)
        return "\(baseURL)/response/\(id)"
    }

    /// nil when accepted, else Slack's error (`used_url` after 5 uses, `expired_url` after 30 minutes).
    func useResponseURL(_ id: String, request: FakeSlackRequest) -> String? {
        guard var url = responseURLs[id] else { return "invalid_url" }
        guard url.created + responseURLLifetime > .now else { return "expired_url" }
        guard url.uses < 5 else { return "used_url" }
        url.uses += 1
        responseURLs[id] = url
        responses[id, default: []].append(request)
        return nil
    }

    // MARK: Socket Mode

    func newTicket() -> String {
        nextEnvelope += 1
        let ticket = "ticket-\(nextEnvelope)"
        tickets.insert(ticket)
        return ticket
    }

    func takeTicket(_ ticket: String) -> Bool { tickets.remove(ticket) != nil }

    func connected(outputs: AsyncStream<Output>.Continuation, channel: any Channel) -> Int {
        connectionCount += 1
        let number = connectionCount
        connections[number] = Connection(outputs: outputs, channel: channel)
        newest = number
        let hello = #"{"type":"hello","num_connections":\#(connections.count),"debug_info":{"host":"applink-fake","build_number":1,"approximate_connection_time":18060},"connection_info":{"app_id":"A0FAKEAPP"}}"#
        outputs.yield(.text(hello, envelopeID: nil))
        return number
    }

    func disconnected(_ number: Int) {
        connections[number] = nil
        if newest == number { newest = connections.keys.max() }
    }

    func newEnvelopeID() -> String {
        nextEnvelope += 1
        return "env-\(nextEnvelope)"
    }

    /// Sends an envelope on the newest open connection and waits for its ack. False when none is open.
    func send(envelope json: Data) -> Bool {
        guard let envelope = (try? JSONSerialization.jsonObject(with: json)) as? [String: Any],
              let id = envelope["envelope_id"] as? String else { return false }
        pending[id] = Pending(envelope: envelope, sentAt: .now, attempts: 1)
        return write(envelope)
    }

    private func write(_ envelope: [String: Any]) -> Bool {
        guard let newest, let connection = connections[newest], connection.open,
              let data = try? JSONSerialization.data(withJSONObject: envelope) else { return false }
        connection.outputs.yield(.text(String(decoding: data, as: UTF8.self), envelopeID: envelope["envelope_id"] as? String))
        return true
    }

    func noteWritten(_ envelopeID: String) {
        if sentAt[envelopeID] == nil { sentAt[envelopeID] = .now }
    }

    /// Envelopes unacknowledged for `redeliveryDelay` go out again (retry_attempt counts up, at most 3 retries).
    func redeliverOverdue() {
        let now = ContinuousClock.now
        for (id, var waiting) in pending where waiting.sentAt + redeliveryDelay <= now {
            guard waiting.attempts <= 3 else {
                pending[id] = nil
                continue
            }
            waiting.envelope["retry_attempt"] = waiting.attempts
            waiting.envelope["retry_reason"] = "timeout"
            waiting.attempts += 1
            waiting.sentAt = now
            pending[id] = waiting
            if write(waiting.envelope) { redeliveries += 1 }
        }
    }

    func acknowledge(_ envelopeID: String, payload: Data?, connection: Int) {
        guard pending.removeValue(forKey: envelopeID) != nil else {
            unknownAcks += 1
            return
        }
        let latency = sentAt[envelopeID].map { ContinuousClock.now - $0 }
        acks.append(FakeSlack.Ack(envelopeID: envelopeID, payload: payload, connection: connection, latency: latency))
    }

    /// Sends `text` on the newest connection; `then` closes or drops it afterwards.
    func inject(_ text: String?, then end: Output?) -> Bool {
        guard let newest, var connection = connections[newest], connection.open else { return false }
        if let text { connection.outputs.yield(.text(text, envelopeID: nil)) }
        if let end {
            connection.open = false
            connection.outputs.yield(end)
        }
        connections[newest] = connection
        return true
    }

    func close(connection number: Int, with end: Output) {
        guard var connection = connections[number], connection.open else { return }
        connection.open = false
        connection.outputs.yield(end)
        connections[number] = connection
    }

    func openConnections() -> [Int] { connections.filter(\.value.open).map(\.key).sorted() }

    func discardHistory(keepRequestLog: Bool) {
        requests.removeAll()
        recordsRequests = keepRequestLog
        acks.removeAll()
        sentAt = sentAt.filter { pending[$0.key] != nil }
        messages.removeAll()
        messageOrder.removeAll()
        uploads.removeAll()
        responses.removeAll()
        responseURLs.removeAll()
    }
}
