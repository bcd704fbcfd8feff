import ChatDiscord
import ChatKit
import Foundation
import Logging
import NexBoardCore
import NexBoardTesting

/// INTERACTION_CREATE written to the gateway socket → deferred reply (callback) read by the fake
/// Discord: 1,000 interactions, 50 in flight, through the real Discord platform in its ChatKit
/// adapter shell (each handler then
/// sends a small reply, as a real command would).
///
/// Two rounds in one process: the first right after the bot connected (cold: the HTTP connection pool
/// fills, buffers and caches grow to their working size), the second with the bot warm, as a bot that
/// has been running a while is. Between the rounds the fake forgets its logs and stops recording
/// REST requests, so the second round's memory growth is the bot's (plus the fake's small
/// per-interaction bookkeeping), not the fake's request log.
enum DiscordBenchmark {
    static func run(interactions total: Int = 1000, inFlight: Int = 50, report: BenchmarkReport) async throws {
        var quiet = Logger(label: "bench")
        quiet.logLevel = .critical
        let fake = try await FakeDiscord.start(logger: quiet)
        let configuration = DiscordAdapterConfiguration(token: Secret(fake.token), applicationID: fake.applicationID,
                                                        gatewayURL: fake.gatewayURL, apiURL: fake.apiURL, identifyInterval: .zero)
        let platform = DiscordPlatform(configuration: configuration, logger: quiet, handler: StubRequestHandler { _, responder, _ in
            _ = try? await responder.send(Message(title: "ok", severity: .success))
            return .ok
        })
        let adapter = ChatAdapter(platform: platform, dedupe: InboundDedupe(), logger: quiet)
        let interaction: [String: Any] = [
            "type": 2, "guild_id": "700", "channel_id": "800",
            "member": ["user": ["id": "555"], "roles": ["42"]], "data": ["name": "whoami"],
        ]
        func round(_ name: String) async throws {
            // Encoding the interactions is Discord's work, not the bot's: done before measuring.
            var prepared: [FakeDiscord.PreparedInteraction] = []
            for _ in 0..<total { prepared.append(try await fake.prepare(interaction: interaction)) }
            let rssBefore = residentMiB()
            var sent = 0
            while sent < total {
                while await sent - fake.callbackCount() >= inFlight { try await Task.sleep(for: .microseconds(200)) }
                try await fake.send(prepared[sent])
                sent += 1
            }
            let deadline = ContinuousClock.now + .seconds(30)
            while await fake.callbackCount() < total, ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(5))
            }
            let latencies = await fake.acknowledgementLatencies()
            let rssAfter = residentMiB()
            guard !latencies.isEmpty else { return report.note("Discord \(name): no interaction was answered") }
            report.durations("Discord INTERACTION_CREATE → deferred reply, \(name) (\(inFlight) in flight, \(latencies.count)/\(total) answered)",
                             latencies)
            report.value("Discord \(name): resident growth (from \(Int(rssBefore)) MiB)", rssAfter - rssBefore, unit: "MiB")
        }
        await withTaskGroup(of: Void.self) { group in
            group.addTask { try? await adapter.run() }
            do {
                try await fake.waitForSession()
                try await round("first round, cold process")
                await fake.discardHistory(keepRequestLog: false)
                try await round("second round, warm")
            } catch {
                report.note("discord benchmark failed: \(error)")
            }
            group.cancelAll()
        }
        await platform.shutdown()
        await fake.stop()
    }
}
