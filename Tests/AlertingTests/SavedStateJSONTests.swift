import Foundation
import NexBoardCore
import ProxmoxSimulator
import Testing

@testable import Alerting

/// The presence and the backup ledger are written by hand (they are saved on most polls at 10,000
/// guests): what is written must read back, with `JSONDecoder`, as what `JSONEncoder` wrote did, for
/// names and tags with anything in them, and any time.
@Suite("The cluster presence and the backup ledger saved as JSON by hand")
struct SavedStateJSONTests {
    static let pieces = ["a", "web01", "é", "Zürich", "🖥", "\"", "\\", "\n", "\t", "\r", "\u{0}", "\u{1F}", "\u{7F}", "/", "{}", "[,]",
                         "prod;db", "\u{2028}", "e\u{301}"]

    static func text(_ random: inout SeededGenerator) -> String {
        (0..<Int.random(in: 0...5, using: &random)).map { _ in pieces.randomElement(using: &random)! }.joined()
    }

    static func date(_ random: inout SeededGenerator) -> Date {
        switch Int.random(in: 0...5, using: &random) {
        case 0: Date(timeIntervalSince1970: Double(Int.random(in: 1_600_000_000...1_900_000_000, using: &random)))
        case 1: Date(timeIntervalSinceReferenceDate: Double.random(in: -1e9...1e10, using: &random))
        case 2: Date(timeIntervalSinceReferenceDate: [0, -0.0, 0x1p53, -0x1p53, 0x1p53 + 2, 1e300, .leastNonzeroMagnitude, -1.5, 0.1].randomElement(using: &random)!)
        case 3: Date(timeIntervalSince1970: Double(Int.random(in: 0...2_000_000_000, using: &random)) + 0.5)
        default: Date()
        }
    }

    static func presence(_ random: inout SeededGenerator) -> ClusterPresence {
        let nodes = (0..<Int.random(in: 0...4, using: &random)).map { index in
            NodeSample(name: index == 0 ? "pve\(index)" : text(&random), online: Bool.random(using: &random))
        }
        let guests = (0..<Int.random(in: 0...6, using: &random)).map { _ in
            GuestSample(vmid: Int.random(in: -5...1_000_000_000, using: &random), name: text(&random),
                        kind: Bool.random(using: &random) ? "qemu" : "lxc", node: text(&random), status: text(&random),
                        tags: (0..<Int.random(in: 0...3, using: &random)).map { _ in text(&random) },
                        template: Bool.random(using: &random))
        }
        return ClusterPresence(ClusterSnapshot(cluster: "lab", takenAt: date(&random), quorate: [true, false, nil].randomElement(using: &random)!,
                                               nodes: nodes, guests: guests))
    }

    @Test("a presence written by hand reads back as the one JSONEncoder wrote, whatever its names, tags and time")
    func presence() throws {
        var random = SeededGenerator(seed: 0x9E5)
        for _ in 0..<2_000 {
            let presence = Self.presence(&random)
            let byHand = try #require(ClusterPresence(encoded: presence.encoded), "\(presence.encoded)")
            let byEncoder = try JSONDecoder().decode(ClusterPresence.self, from: JSONEncoder().encode(presence))
            #expect(byHand == presence)
            #expect(byHand == byEncoder)
        }
    }

    @Test("a ledger written by hand reads back as the one JSONEncoder wrote, whatever its VMIDs and times")
    func ledger() throws {
        var random = SeededGenerator(seed: 0x1ED)
        for _ in 0..<2_000 {
            func times() -> [Int: Date] {
                Dictionary((0..<Int.random(in: 0...8, using: &random)).map { _ in
                    (Int.random(in: Int.min...Int.max, using: &random), Self.date(&random))
                }, uniquingKeysWith: { first, _ in first })
            }
            let ledger = BackupLedger(lastSuccess: times(), firstSeen: times())
            let byHand = try #require(BackupLedger(encoded: ledger.encoded), "\(ledger.encoded)")
            let byEncoder = try JSONDecoder().decode(BackupLedger.self, from: JSONEncoder().encode(ledger))
            #expect(byHand == ledger)
            #expect(byHand == byEncoder)
        }
    }

    @Test("what an older NexBoard saved with JSONEncoder still reads")
    func olderSaves() throws {
        var random = SeededGenerator(seed: 0x01D)
        let presence = Self.presence(&random)
        let saved = String(decoding: try JSONEncoder().encode(presence), as: UTF8.self)
        #expect(ClusterPresence(encoded: saved) == presence)
        let ledger = BackupLedger(lastSuccess: [101: Date(timeIntervalSince1970: 1_760_000_000)], firstSeen: [101: Date(), 102: Date()])
        let savedLedger = String(decoding: try JSONEncoder().encode(ledger), as: UTF8.self)
        #expect(BackupLedger(encoded: savedLedger) == ledger)
    }
}
