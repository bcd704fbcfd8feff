/*
 A fault soak: the real DiscordAdapter against the Discord-faithful fake gateway, with faults
 injected at random (drops, every resumable close code, 4007 and 4009, op 7, op 9 d=true/false,
 silence with TCP kept open) while interactions arrive throughout, the ones sent while the bot is
 away included. Sized for a 2-core machine: short heartbeats, a small identify interval, 30 s of faults.

 The seed is printed; NEXBOARD_SOAK_SEED=<seed> replays the same faults and gaps (the machine's
 timing still varies).
 */
import ChatDiscord
import ChatKit
import Foundation
import NexBoardCore
import NexBoardTesting
import ProxmoxSimulator
import TestScopes
import Testing

@Suite("The Discord gateway under a fault soak", .stopsWhatItStarts)
struct DiscordGatewaySoakTests {
    typealias F = DiscordInteractionFixtures

    static let heartbeat = Duration.milliseconds(300)
    static let identifyInterval = Duration.seconds(1)
    /// How much sooner than the identify interval the fake may see an IDENTIFY: the bot spaces them
    /// when it sends, the fake sees them after loopback and scheduling on a loaded machine.
    static let identifyLatency = Duration.milliseconds(250)
    /// Scheduling room on a loaded 2-core machine (every suite runs at once) beyond the two heartbeat
    /// intervals; still less than the 2 s close timeout a session waiting for a close reply would add.
    static let zombieMargin = Duration.seconds(1)
    static let faultTime = Duration.seconds(30)

    /// Every resumable close code, the two that end the session, and the rest weighted by how often
    /// a real connection meets them.
    static let faults: [FakeGatewayFault] = [
        .drop, .drop, .reconnect, .reconnect, .invalidSession(resumable: true), .invalidSession(resumable: false),
        .silence, .silence, .silence,
    ] + [4000, 4001, 4002, 4003, 4005, 4008, 4007, 4009].map { .close(code: $0) }

    /// What the soak saw on the bot's side.
    actor Observations {
        private(set) var health: [(at: ContinuousClock.Instant, health: SessionHealth)] = []
        private(set) var sent = 0
        /// Interactions the fake could not send: no session (between op 9 d=false and the next READY).
        private(set) var refused = 0
        private(set) var sending = true
        func add(_ entry: SessionHealth) { health.append((.now, entry)) }
        var isUp: Bool { health.contains { $0.health == .up } }
        func noteSent() { sent += 1 }
        func noteRefused() { refused += 1 }
        func noteDoneSending() { sending = false }
    }

    /// Interactions without an answer, but for those Discord lost (a session it ended before the bot
    /// read them, or one whose READY the bot never read).
    static func unanswered(_ fake: FakeDiscord) async throws -> [String] {
        let lost = Set(await fake.gatewayRecord().lostInteractions)
        return await fake.unansweredInteractions().filter { !lost.contains($0) }.sorted()
    }

    @Test("Every interaction is answered once, a silent connection is left within two heartbeat intervals, and IDENTIFYs stay spaced")
    func faultSoak() async throws {
        let seed = ProcessInfo.processInfo.environment["NEXBOARD_SOAK_SEED"].flatMap { UInt64($0) } ?? UInt64.random(in: 1...(1 << 53))
        print("Gateway fault soak: seed \(seed) (NEXBOARD_SOAK_SEED=\(seed) replays it)")
        let fake = try await FakeDiscord.start(heartbeatInterval: Self.heartbeat, identifyInterval: Self.identifyInterval - Self.identifyLatency,
                                               logger: DiscordHarness.quiet)
        let configuration = DiscordAdapterConfiguration(token: Secret(fake.token), applicationID: fake.applicationID,
                                                        gatewayURL: fake.gatewayURL, apiURL: fake.apiURL,
                                                        identifyInterval: Self.identifyInterval)
        let observations = Observations()
        let platform = DiscordPlatform(configuration: configuration, logger: DiscordHarness.quiet, handler: StubRequestHandler { _, responder, _ in
            _ = try? await responder.send(Message(title: "pong"))
            return .ok
        })
        let adapter = ChatAdapter(platform: platform,
                                  runner: ReconnectRunner(initialBackoff: .milliseconds(20), maxBackoff: .milliseconds(100)),
                                  dedupe: InboundDedupe(), health: { await observations.add($0) }, logger: DiscordHarness.quiet)
        var injected: [String: Int] = [:]
        let started = ContinuousClock.now
        let outcome: Result<[String], any Error> = await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await adapter.run() }
            do {
                // READY read by the bot, not only sent by the fake: from then on it has a session to resume.
                let up = ContinuousClock.now + .seconds(20)
                while await !observations.isUp {
                    guard ContinuousClock.now < up else { throw FakeDiscord.Timeout(what: "the adapter to report the session up") }
                    try await Task.sleep(for: .milliseconds(10))
                }
                let end = ContinuousClock.now + Self.faultTime
                group.addTask {
                    var random = SeededGenerator(seed: seed ^ 0x5E4D_1A7E)
                    while ContinuousClock.now < end {
                        let interaction = try await fake.prepare(interaction: F.slash(["whoami"], user: DiscordEndToEndTests.labOperator))
                        do {
                            try await fake.send(interaction)
                            await observations.noteSent()
                        } catch is FakeDiscord.Timeout {
                            await observations.noteRefused()
                        }
                        try await Task.sleep(for: .milliseconds(Int.random(in: 40...160, using: &random)))
                    }
                    await observations.noteDoneSending()
                }
                var random = SeededGenerator(seed: seed)
                while ContinuousClock.now < end {
                    try await Task.sleep(for: .milliseconds(Int.random(in: 200...1200, using: &random)))
                    let fault = Self.faults.randomElement(using: &random)!
                    // A fault that ends the session waits for it to be ready: what Discord had not sent yet would be lost.
                    guard await fake.inject(fault, onlyWhenReady: fault.endsSession) else { continue }
                    injected[fault.description, default: 0] += 1
                    if fault == .silence {
                        let deadline = ContinuousClock.now + Self.heartbeat * 2 + .seconds(3)
                        while await fake.gatewayRecord().silences.last?.left == nil, ContinuousClock.now < deadline {
                            try await Task.sleep(for: .milliseconds(10))
                        }
                    }
                }
                // Then every interaction Discord did not lose should get its answer.
                let deadline = ContinuousClock.now + .seconds(20)
                while await observations.sending, ContinuousClock.now < deadline {
                    try await Task.sleep(for: .milliseconds(10))
                }
                var unanswered = try await Self.unanswered(fake)
                while !unanswered.isEmpty, ContinuousClock.now < deadline {
                    try await Task.sleep(for: .milliseconds(50))
                    unanswered = try await Self.unanswered(fake)
                }
                group.cancelAll()
                return .success(unanswered)
            } catch {
                group.cancelAll()
                return .failure(error)
            }
        }
        let record = await fake.gatewayRecord()
        let repeated = await fake.repeatedCallbacks()
        let answered = await fake.callbackCount()
        let lost = await fake.unansweredInteractions().count
        let health = await observations.health
        let (sent, refused) = await (observations.sent, observations.refused)
        await platform.shutdown()
        await fake.stop()
        let unanswered = try outcome.get()
        let lostByDiscord = lost - unanswered.count

        let gaps = zip(record.identifyTimes, record.identifyTimes.dropFirst()).map { $1 - $0 }
        let bound = Self.heartbeat * 2 + Self.zombieMargin
        var leaves: [Duration] = []
        var reports: [Duration] = []
        for silence in record.silences {
            let left = try #require(silence.left, "connection \(silence.connection), silent for good, was never left")
            leaves.append(left - silence.since)
            let reconnecting = health.first { entry in
                if case .reconnecting = entry.health { entry.at > silence.since } else { false }
            }
            reports.append(try #require(reconnecting, "no reconnecting reported after a silence").at - silence.since)
        }
        print("""
            Gateway fault soak (seed \(seed)): \(ContinuousClock.now - started) in all; faults \(injected.sorted { $0.key < $1.key }.map { "\($0.key) ×\($0.value)" }.joined(separator: ", "))
              interactions sent \(sent), answered \(answered), unanswered \(unanswered.count), answered twice \(repeated), unanswered because Discord lost them \(lostByDiscord), refused (no session) \(refused)
              connections \(record.connections), identifies \(record.identifies) (too soon \(record.identifiesTooSoon)), resumes \(record.resumes), heartbeats \(record.heartbeats)
              closest IDENTIFYs \(gaps.min().map { "\($0)" } ?? "-") apart (interval \(Self.identifyInterval))
              silences \(record.silences.count): left after at most \(leaves.max().map { "\($0)" } ?? "-"), reported reconnecting after at most \(reports.max().map { "\($0)" } ?? "-") (bound \(bound))
            """)

        #expect(injected.values.reduce(0, +) >= 15, "faults injected")
        #expect(record.silences.count >= 1)
        #expect(record.resumes >= 5)
        #expect(unanswered.isEmpty, "unanswered: \(unanswered)")
        #expect(repeated == 0)
        #expect(record.identifiesTooSoon == 0)
        #expect(gaps.allSatisfy { $0 >= Self.identifyInterval - Self.identifyLatency }, "IDENTIFY gaps: \(gaps)")
        #expect(leaves.allSatisfy { $0 <= bound }, "silent connections left after \(leaves)")
        #expect(reports.allSatisfy { $0 <= bound }, "reconnecting reported after \(reports)")
    }
}
