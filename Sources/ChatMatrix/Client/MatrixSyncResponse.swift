import Foundation

/// One room event as `/sync` delivers it. Every field may be missing or of the wrong type in what a
/// homeserver relays from other users; those read as nil.
public struct MatrixEvent: Sendable, Equatable {
    public var type: String
    public var sender: String?
    public var eventID: String?
    /// Milliseconds since 1970, as the sender's homeserver stamped it.
    public var originServerTS: Double?
    public var stateKey: String?
    public var content: MatrixJSON

    public init(type: String, sender: String?, eventID: String?, originServerTS: Double?, stateKey: String? = nil, content: MatrixJSON) {
        self.type = type
        self.sender = sender
        self.eventID = eventID
        self.originServerTS = originServerTS
        self.stateKey = stateKey
        self.content = content
    }

    /// nil when `json` is not an event at all (no type).
    init?(_ json: MatrixJSON) {
        guard let type = json["type"]?.string else { return nil }
        self.init(type: type, sender: json["sender"]?.string, eventID: json["event_id"]?.string,
                  originServerTS: json["origin_server_ts"]?.number, stateKey: json["state_key"]?.string,
                  content: json["content"] ?? .null)
    }
}

/// What `/sync` answered: the position to continue from, and per room the new timeline events,
/// the invitations and the rooms left.
public struct MatrixSyncResponse: Sendable {
    public var nextBatch: String
    /// Joined rooms' new timeline events, in order, by room id.
    public var timelines: [String: [MatrixEvent]]
    /// Joined rooms' state that changed before the timeline (a join's room state).
    public var states: [String: [MatrixEvent]]
    /// Invitations: the stripped state of each room invited to.
    public var invites: [String: [MatrixEvent]]
    /// Rooms the user left or was removed from.
    public var left: Set<String>

    public init(nextBatch: String, timelines: [String: [MatrixEvent]] = [:], states: [String: [MatrixEvent]] = [:],
                invites: [String: [MatrixEvent]] = [:], left: Set<String> = []) {
        self.nextBatch = nextBatch
        self.timelines = timelines
        self.states = states
        self.invites = invites
        self.left = left
    }

    /// Reads a `/sync` answer, skipping whatever is not an event rather than failing.
    public init(data: Data) throws {
        let json: MatrixJSON
        do {
            json = try JSONDecoder().decode(MatrixJSON.self, from: data)
        } catch {
            throw MatrixError.invalidResponse(endpoint: "sync", detail: "not JSON")
        }
        guard let nextBatch = json["next_batch"]?.string else {
            throw MatrixError.invalidResponse(endpoint: "sync", detail: "no next_batch")
        }
        self.init(nextBatch: nextBatch)
        let rooms = json["rooms"]
        for (room, value) in Self.members(rooms?["join"]) {
            timelines[room] = Self.events(value["timeline"]?["events"])
            states[room] = Self.events(value["state"]?["events"])
        }
        for (room, value) in Self.members(rooms?["invite"]) {
            invites[room] = Self.events(value["invite_state"]?["events"])
        }
        left = Set(Self.members(rooms?["leave"]).map(\.key))
    }

    private static func members(_ json: MatrixJSON?) -> [String: MatrixJSON] {
        if case let .object(members) = json { return members }
        return [:]
    }

    private static func events(_ json: MatrixJSON?) -> [MatrixEvent] {
        guard case let .array(items) = json else { return [] }
        return items.compactMap(MatrixEvent.init)
    }
}
