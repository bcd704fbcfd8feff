import NexBoardCore
import NexBoardTesting
import ProxmoxSimulator

struct SimulatedGuest {
    var vmid: Int
    var name: String
    var node: String
    var status: String
    var tags: [String]
}

extension TestApplication {
    /// The simulated guests, read straight from the simulator (not through NexBoard).
    func simulatedGuests() async -> [SimulatedGuest] {
        var guests: [SimulatedGuest] = []
        for vmid in 100..<(100 + 400) {
            if let guest = await cluster.guestSnapshot(vmid: vmid) {
                guests.append(SimulatedGuest(vmid: vmid, name: guest.name, node: guest.node, status: guest.status, tags: guest.tags))
            }
        }
        return guests
    }

    func guest(where predicate: (SimulatedGuest) -> Bool) async throws -> SimulatedGuest {
        let guests = await simulatedGuests()
        guard let found = guests.first(where: predicate) else {
            throw TestFailure("no simulated guest matches; guests: \(guests.map { "\($0.vmid) \($0.name) \($0.status) \($0.tags)" })")
        }
        return found
    }
}

struct TestFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
