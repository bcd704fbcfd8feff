import ChatKit
import ChatSlack
import Foundation
import Logging
import NexBoardCore
import NexBoardTesting

/// Socket Mode envelope written to the socket → its acknowledgement read by the fake Slack: 1,000
/// `/nex` slash commands, 50 in flight, through the real Slack platform in its ChatKit adapter shell.
/// Each handler answers at once, so the ack carries the rendered reply (Block Kit), as a fast
/// command's does. Two rounds in one process, cold then warm, as for Discord; between them the fake
/// forgets what it recorded and stops recording Web API requests.
enum SlackBenchmark {
    static func run(envelopes total: Int = 1000, inFlight: Int = 50, report: BenchmarkReport) async throws {
        var quiet = Logger(label: "bench")
        quiet.logLevel = .critical
        let fake = try await FakeSlack.start(logger: quiet)
        let configuration = SlackAdapterConfiguration(botToken: Secret(fake.botToken), appToken: Secret(fake.appToken), apiURL: fake.apiURL)
        let platform = SlackPlatform(configuration: configuration, logger: quiet, handler: StubRequestHandler(handle: { _, responder, _ in
            _ = try? await responder.send(Message(title: "ok", text: "All **good**", severity: .success))
            return .ok
        }, admit: { _ in .accepted(visibility: .channel, slow: false) }))
        let adapter = ChatAdapter(platform: platform, dedupe: InboundDedupe(), logger: quiet)
        func round(_ name: String) async throws {
            let rssBefore = residentMiB()
            var sent = 0
            while sent < total {
                while await sent - fake.ackCount() >= inFlight { try await Task.sleep(for: .microseconds(200)) }
                try await fake.sendSlashCommand("whoami", user: "U0BENCH")
                sent += 1
            }
            let deadline = ContinuousClock.now + .seconds(30)
            while await fake.ackCount() < total, ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(5))
            }
            let latencies = await fake.acks().compactMap(\.latency)
            let rssAfter = residentMiB()
            guard !latencies.isEmpty else { return report.note("Slack \(name): no envelope was acknowledged") }
            report.durations("Slack envelope → ack with the reply, \(name) (\(inFlight) in flight, \(latencies.count)/\(total) acknowledged)", latencies)
            report.value("Slack \(name) resident memory growth (from \(String(format: "%.1f", rssBefore)) MiB)", rssAfter - rssBefore, unit: "MiB")
        }
        await withTaskGroup(of: Void.self) { group in
            group.addTask { try? await adapter.run() }
            do {
                try await fake.waitForConnection()
                try await round("first round, cold process")
                await fake.discardHistory(keepRequestLog: false)
                try await round("second round, warm")
            } catch {
                report.note("slack benchmark failed: \(error)")
            }
            group.cancelAll()
        }
        await platform.shutdown()
        await fake.stop()
    }
}
