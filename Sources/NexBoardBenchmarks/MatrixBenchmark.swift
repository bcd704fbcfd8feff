import ChatKit
import ChatMatrix
import Foundation
import Logging
import NexBoard
import NexBoardCore
import NexBoardTesting
import Synchronization

/// A person's `!nex whoami` sent to a real Synapse → the bot's reply seen in the person's `/sync`,
/// one command at a time, through the real Matrix platform in its adapter shell and the real
/// dispatcher. Also the bot's own share: from the sync that brought the command to the reply's
/// request being sent. Needs `SYNAPSE_PYTHON` (a venv with matrix-synapse).
enum MatrixBenchmark {
    static func run(commands total: Int = 200, report: BenchmarkReport) async throws {
        guard SynapseServer.python != nil else { return report.note("Matrix: skipped (set SYNAPSE_PYTHON to a venv with matrix-synapse)") }
        var quiet = Logger(label: "bench")
        quiet.logLevel = .critical
        try await SynapseServer.with { synapse in
            let bot = try await synapse.register("nexboard")
            let alice = try await synapse.register("alice")
            let person = MatrixClient(httpClient: .shared, homeserver: synapse.baseURL, accessToken: Secret(alice.accessToken))
            let room = try await person.createRoom(MatrixCreateRoom(invite: [bot.userID]), logger: quiet)
            let app = try await TestApplication.make(bindings: [BindingConfig(role: "admin", subjects: [Subject(kind: MatrixIdentity.user,
                                                                                                                identifier: alice.userID)])])
            let shares = Mutex<[Duration]>([])
            let platform = MatrixPlatform(
                configuration: MatrixAdapterConfiguration(homeserver: synapse.baseURL, credentials: .accessToken(Secret(bot.accessToken))),
                state: InMemoryMatrixStateStore(), replyLatency: { share in shares.withLock { $0.append(share) } }, logger: quiet,
                handler: app.app.dispatcher)
            let adapter = ChatAdapter(platform: platform, dedupe: InboundDedupe(), logger: quiet)
            await withTaskGroup(of: Void.self) { group in
                group.addTask { try? await adapter.run() }
                do {
                    var since = try await person.sync(since: nil, timeout: .zero, filter: "{}", logger: quiet).nextBatch
                    // Wait for the bot to join.
                    while true {
                        let response = try await person.sync(since: since, timeout: .seconds(5), filter: "{}", logger: quiet)
                        since = response.nextBatch
                        if (response.timelines[room] ?? []).contains(where: { $0.sender == bot.userID && $0.type == "m.room.member" }) { break }
                    }
                    try await Task.sleep(for: .seconds(1))
                    report.value("Matrix idle resident memory with the bot connected", residentMiB(), unit: "MiB")
                    var samples: [Duration] = []
                    let clock = ContinuousClock()
                    for index in 0..<total {
                        let started = clock.now
                        var content = MatrixMessageContent(msgtype: "m.text", body: "!nex whoami", html: nil)
                        content.mentions = nil
                        let command = try await person.send(content, type: "m.room.message", to: room, transaction: "bench-\(index)", logger: quiet)
                        var answered = false
                        while !answered {
                            let response = try await person.sync(since: since, timeout: .seconds(10), filter: "{}", logger: quiet)
                            since = response.nextBatch
                            answered = (response.timelines[room] ?? []).contains {
                                $0.content["m.relates_to"]?["m.in_reply_to"]?["event_id"]?.string == command
                            }
                        }
                        samples.append(clock.now - started)
                    }
                    report.durations("Matrix command → reply seen in the sender's /sync (\(total) commands, one at a time, real Synapse)", samples)
                    report.durations("Matrix bot's share: command received in a sync → reply request sent", shares.withLock { $0 })
                } catch {
                    report.note("Matrix benchmark failed: \(error)")
                }
                group.cancelAll()
            }
            await platform.shutdown()
            await app.shutdown()
        }
    }
}
