import Foundation

/// What the event detector compares between two polls — which nodes are online, which guests exist,
/// where and whether they run, quorum — without the metrics. The alert center saves it whenever it
/// changes, in the cycle's transaction, so that what changed while NexBoard was down (a guest
/// stopped, a node rebooted) is announced by the first poll after a restart, and nothing twice.
struct ClusterPresence: Codable, Sendable {
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

    var encoded: String? {
        (try? JSONEncoder().encode(self)).map { String(decoding: $0, as: UTF8.self) }
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
