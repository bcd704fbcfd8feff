import Foundation
import Logging
import NexBoardTesting

/// `nexboard-bench fake-slack LINE…`: a fake Slack for trying NexBoard by hand. It prints the
/// `api_url` and tokens to put in a configuration's `slack` section, waits for `nexboard run` to
/// connect over Socket Mode, sends each LINE as `/nex LINE` from user U0TRYOUT1 in channel C0TRYOUT,
/// pressing the reply's first button when a LINE is `press`, and prints what Slack would show
/// (files shared in the channel too: long output, graphs).
enum FakeSlackSession {
    static func run(_ lines: [String]) async throws {
        let fake = try await FakeSlack.start(logger: Logger(label: "fake-slack"))
        print("slack:\n  api_url: \(fake.apiURL)\n  bot_token: \(fake.botToken)\n  app_token: \(fake.appToken)")
        print("bind slack:U0TRYOUT1; waiting for NexBoard to connect…")
        try await fake.waitForConnection(timeout: .seconds(300))
        var lastTS: String?
        var lastButton: String?
        var filesShown: Set<String> = []
        for line in lines {
            var sent: FakeSlack.Sent
            if line == "press", let value = lastButton, let ts = lastTS {
                print("\n» press \(value)")
                sent = try await fake.sendButtonPress(value: value, user: "U0TRYOUT1", channel: "C0TRYOUT", messageTS: ts)
            } else {
                print("\n» /nex \(line)")
                sent = try await fake.sendSlashCommand(line, user: "U0TRYOUT1", channel: "C0TRYOUT")
            }
            let ack = try await fake.waitForAck(sent.envelopeID)
            try await Task.sleep(for: .seconds(4))
            for response in await fake.responses(to: sent) {
                print("[\(response.method) \(response.string("response_type") ?? "")\(response.arguments["replace_original"] as? Bool == true ? " replace" : "")]")
                print(response.shownText)
            }
            for (ts, message) in await fake.messages(in: "C0TRYOUT") where message.receivedAt > ContinuousClock.now - .seconds(6) {
                let edits = await fake.editCount(channel: "C0TRYOUT", ts: ts)
                print("[channel message \(ts), edited \(edits)×]")
                print(message.shownText)
                if let button = message.buttonValues.first { lastButton = button; lastTS = ts }
            }
            for file in await fake.files(in: "C0TRYOUT") where filesShown.insert(file.id).inserted {
                print("[file \(file.filename), \(file.data?.count ?? 0) bytes, title \(file.title ?? "-")]")
                if file.filename.hasSuffix(".txt") { print(file.text.split(separator: "\n").prefix(5).joined(separator: "\n") + "\n…") }
            }
            print("(ack after \(ack.latency.map { "\($0)" } ?? "?"))")
        }
        await fake.stop()
    }
}
