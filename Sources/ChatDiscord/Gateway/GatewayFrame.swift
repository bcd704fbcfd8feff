import Foundation

/// One gateway payload (`{"op":…,"d":…,"s":…,"t":…}`) as read off the socket, and the payloads the bot sends.
struct GatewayFrame: Sendable {
    var op: Int
    var sequence: Int?
    var name: String?
    /// The raw JSON text, kept to decode `d` by type once the opcode is known.
    var raw: Data

    private struct Envelope: Decodable {
        var op: Int
        var s: Int?
        var t: String?
    }

    init(text: String) throws {
        raw = Data(text.utf8)
        let envelope = try JSONDecoder().decode(Envelope.self, from: raw)
        op = envelope.op
        sequence = envelope.s
        name = envelope.t
    }

    /// Decodes `d` as `T`.
    func data<T: Decodable>(_ type: T.Type) throws -> T {
        try JSONDecoder().decode(DataWrapper<T>.self, from: raw).d
    }

    private struct DataWrapper<T: Decodable>: Decodable {
        var d: T
    }

    struct Hello: Decodable {
        var heartbeat_interval: Int
    }

    struct Ready: Decodable {
        var session_id: String
        var resume_gateway_url: String
    }

    // MARK: - Outgoing

    static func heartbeat(sequence: Int?) -> String {
        "{\"op\":1,\"d\":\(sequence.map(String.init) ?? "null")}"
    }

    static func identify(token: String, intents: Int) throws -> String {
        struct Properties: Encodable { var os = "linux"; var browser = "nexboard"; var device = "nexboard" }
        struct Identify: Encodable { var token: String; var intents: Int; var properties = Properties() }
        struct Payload: Encodable { var op = 2; var d: Identify }
        return String(decoding: try JSONEncoder().encode(Payload(d: Identify(token: token, intents: intents))), as: UTF8.self)
    }

    static func resume(token: String, sessionID: String, sequence: Int?) throws -> String {
        struct Resume: Encodable { var token: String; var session_id: String; var seq: Int? }
        struct Payload: Encodable { var op = 6; var d: Resume }
        return String(decoding: try JSONEncoder().encode(Payload(d: Resume(token: token, session_id: sessionID, seq: sequence))), as: UTF8.self)
    }
}
