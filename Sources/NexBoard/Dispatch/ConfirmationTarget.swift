import Foundation
import NexBoardCore

/// The guest a confirmation question named, stored with the confirmation: Confirm acts on this
/// cluster and VMID only, and refuses when the guest is gone or is not the one that was named.
struct ConfirmationTarget: Sendable, Equatable, Codable {
    var cluster: String
    var vmid: Int
    var name: String
    var node: String
    /// "VM 101 (web01)".
    var label: String
    /// Which question this is, for actions asked twice (an overwriting restore): 2 for the second; nil for the first.
    var stage: Int?

    init(_ guest: ResolvedGuest, stage: Int? = nil) {
        cluster = guest.cluster
        vmid = guest.vmid
        name = guest.name
        node = guest.node
        label = guest.label
        self.stage = stage
    }

    var encoded: String {
        (try? JSONEncoder().encode(self)).map { String(decoding: $0, as: UTF8.self) } ?? ""
    }

    init?(encoded: String?) {
        guard let data = encoded?.data(using: .utf8), let decoded = try? JSONDecoder().decode(Self.self, from: data) else { return nil }
        self = decoded
    }

    /// The guest as it is now, if it is still the one the question named.
    func check(_ guests: [ResolvedGuest]) throws -> ResolvedGuest {
        guard let now = guests.first(where: { $0.vmid == vmid }) else {
            throw InvalidRequest(userMessage: "\(label) no longer exists on \(cluster). Nothing was done.")
        }
        var changes: [String] = []
        if now.name != name { changes.append("it was named \(name), now \(now.name)") }
        if now.node != node { changes.append("it moved from \(node) to \(now.node)") }
        guard changes.isEmpty else {
            throw InvalidRequest(userMessage: "\(label) changed since you were asked (\(changes.joined(separator: "; "))). "
                                 + "Nothing was done: run the command again.")
        }
        return now
    }
}
