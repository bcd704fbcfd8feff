import Foundation
import NexBoardCore

/// What the event detector compares between two polls — which nodes are online, which guests exist,
/// where and whether they run, quorum — without the metrics. The alert center saves it whenever it
/// changes, in the cycle's transaction, so that what changed while NexBoard was down (a guest
/// stopped, a node rebooted) is announced by the first poll after a restart, and nothing twice.
struct ClusterPresence: Codable, Sendable, Equatable {
    struct Guest: Codable, Sendable, Equatable {
        var vmid: Int
        var name: String
        var kind: String
        var node: String
        var status: String
        var tags: [String]
        var template: Bool

        /// Whether `guest` is this guest, as far as the presence tells.
        func describes(_ guest: GuestSample) -> Bool {
            vmid == guest.vmid && name == guest.name && kind == guest.kind && node == guest.node && status == guest.status
                && tags == guest.tags && template == guest.template
        }
    }

    var takenAt: Date
    var quorate: Bool?
    var nodes: [String: Bool]
    var guests: [Guest]

    init(_ snapshot: ClusterSnapshot) {
        takenAt = snapshot.takenAt
        quorate = snapshot.quorate
        nodes = Dictionary(snapshot.nodes.map { ($0.name, $0.online) }, uniquingKeysWith: { first, _ in first })
        guests = snapshot.guests.map {
            Guest(vmid: $0.vmid, name: $0.name, kind: $0.kind, node: $0.node, status: $0.status, tags: $0.tags, template: $0.template)
        }
    }

    init?(encoded: String) {
        guard let decoded = try? JSONDecoder().decode(Self.self, from: Data(encoded.utf8)) else { return nil }
        self = decoded
    }

    /// The JSON that `init?(encoded:)` reads (the Codable keys), written by hand: it is saved
    /// whenever a guest starts, stops or moves, at 10,000 guests nearly every poll, where
    /// `JSONEncoder` took a fifth of the cycle after decode.
    var encoded: String {
        var json: [UInt8] = []
        json.reserveCapacity(64 + nodes.count * 32 + guests.count * 128)
        json.append(contentsOf: #"{"takenAt":"#.utf8)
        json.appendJSONNumber(takenAt.timeIntervalSinceReferenceDate)
        if let quorate {
            json.append(contentsOf: #","quorate":"#.utf8)
            json.appendJSONBool(quorate)
        }
        json.append(contentsOf: #","nodes":{"#.utf8)
        for (index, node) in nodes.enumerated() {
            if index > 0 { json.append(UInt8(ascii: ",")) }
            json.appendJSONString(node.key)
            json.append(UInt8(ascii: ":"))
            json.appendJSONBool(node.value)
        }
        json.append(contentsOf: #"},"guests":["#.utf8)
        for (index, guest) in guests.enumerated() {
            if index > 0 { json.append(UInt8(ascii: ",")) }
            json.append(contentsOf: #"{"vmid":"#.utf8)
            json.appendJSONNumber(guest.vmid)
            json.append(contentsOf: #","name":"#.utf8)
            json.appendJSONString(guest.name)
            json.append(contentsOf: #","kind":"#.utf8)
            json.appendJSONString(guest.kind)
            json.append(contentsOf: #","node":"#.utf8)
            json.appendJSONString(guest.node)
            json.append(contentsOf: #","status":"#.utf8)
            json.appendJSONString(guest.status)
            json.append(contentsOf: #","tags":["#.utf8)
            for (tagIndex, tag) in guest.tags.enumerated() {
                if tagIndex > 0 { json.append(UInt8(ascii: ",")) }
                json.appendJSONString(tag)
            }
            json.append(contentsOf: #"],"template":"#.utf8)
            json.appendJSONBool(guest.template)
            json.append(UInt8(ascii: "}"))
        }
        json.append(contentsOf: "]}".utf8)
        return String(decoding: json, as: UTF8.self)
    }

    /// Whether `snapshot` saw the same cluster as this, whenever it was taken. Compared field by
    /// field: no presence of 10,000 guests is made on every poll only to be found unchanged.
    func sameContent(as snapshot: ClusterSnapshot) -> Bool {
        guard quorate == snapshot.quorate, guests.count == snapshot.guests.count,
              nodes == Dictionary(snapshot.nodes.map { ($0.name, $0.online) }, uniquingKeysWith: { first, _ in first }) else { return false }
        return guests.indices.allSatisfy { index in guests[index].describes(snapshot.guests[index]) }
    }

    /// A snapshot with what the event detector reads (no metrics, storages or tasks).
    func snapshot(cluster: String) -> ClusterSnapshot {
        ClusterSnapshot(
            cluster: cluster, takenAt: takenAt, quorate: quorate,
            nodes: nodes.sorted { $0.key < $1.key }.map { NodeSample(name: $0.key, online: $0.value) },
            guests: guests.map {
                GuestSample(vmid: $0.vmid, name: $0.name, kind: $0.kind, node: $0.node, status: $0.status, tags: $0.tags,
                            template: $0.template)
            })
    }
}
