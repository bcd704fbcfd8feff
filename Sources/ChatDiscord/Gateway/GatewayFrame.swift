import Foundation

/// One gateway payload (`{"op":…,"d":…,"s":…,"t":…}`) as read off the socket, and the payloads the bot sends.
///
/// Read in one pass: `d` is decoded by what `op` and `t` say it is, so an interaction is parsed once.
struct GatewayFrame: Sendable, Decodable {
    /// What `d` held, for the payloads the bot reads.
    enum Payload: Sendable {
        case hello(Hello)
        case ready(Ready)
        case interaction(DiscordInteraction)
        /// An INTERACTION_CREATE whose `d` could not be read: its sequence still counts.
        case unreadableInteraction(String)
        case invalidSession(resumable: Bool)
        case none
    }

    var op: Int
    var sequence: Int?
    var name: String?
    var payload: Payload

    private enum CodingKeys: String, CodingKey { case op, d, s, t }

    init(text: String) throws {
        self = try JSONDecoder().decode(GatewayFrame.self, from: Data(text.utf8))
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        op = try container.decode(Int.self, forKey: .op)
        sequence = try container.decodeIfPresent(Int.self, forKey: .s)
        name = try container.decodeIfPresent(String.self, forKey: .t)
        switch (op, name) {
        case (10, _): payload = .hello(try container.decode(Hello.self, forKey: .d))
        case (0, "READY"): payload = .ready(try container.decode(Ready.self, forKey: .d))
        case (0, "INTERACTION_CREATE"):
            do {
                payload = .interaction(try container.decode(DiscordInteraction.self, forKey: .d))
            } catch {
                payload = .unreadableInteraction("\(error)")
            }
        case (9, _): payload = .invalidSession(resumable: (try? container.decode(Bool.self, forKey: .d)) ?? false)
        default: payload = .none
        }
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
