import Foundation
import Integrations
import NexBoardCore

/// `dns pause [duration]` and `dns resume`: turn blocking off for a while (on every configured
/// filter) or back on. Both reach the whole network, so they need `dns.manage` without a scope.
struct DNSBlockingSwitchHandler: CommandHandler {
    let command: String
    let enabling: Bool

    static let all = [DNSBlockingSwitchHandler(command: "dns pause", enabling: false), DNSBlockingSwitchHandler(command: "dns resume", enabling: true)]
    static let defaultPause: Duration = .seconds(300)
    static let longestPause: Duration = .seconds(86_400)

    func handle(_ context: CommandContext) async throws -> Message {
        try context.requireUnscoped(for: enabling ? "Resuming DNS blocking" : "Pausing DNS blocking")
        let duration = enabling ? nil : (context.command.duration("duration") ?? Self.defaultPause)
        if let duration, duration <= .zero || duration > Self.longestPause {
            throw InvalidRequest(userMessage: "A pause lasts from 1 s to 24 h; for longer, turn blocking off in the filter itself.")
        }
        let filters = try context.dnsFilters()
        await context.notes.set(target: filters.map(\.filter.service).joined(separator: ", "))
        var lines: [String] = []
        var failures = 0
        for named in filters {
            do {
                let state = try await named.filter.setBlocking(enabled: enabling, for: duration, logger: context.logger)
                lines.append("\(named.filter.service): blocking \(DNSBlockingText.describe(state, now: context.now))")
            } catch {
                failures += 1
                if filters.count == 1 { throw error }
                lines.append("\(named.filter.service): " + ((error as? any UserFacingError)?.userMessage ?? "the change failed."))
            }
        }
        let title: String
        if enabling {
            title = "DNS blocking resumed"
        } else if let duration {
            title = "DNS blocking paused for \(DurationParser.humanize(duration)), resumes at \(Format.clock(context.now.addingTimeInterval(duration.timeInterval)))"
        } else {
            title = "DNS blocking paused"
        }
        return Message(
            title: failures == filters.count ? "DNS blocking unchanged" : title,
            text: lines.joined(separator: "\n"),
            buttons: enabling ? [] : [Button("Resume now", command: "dns resume")],
            severity: failures > 0 ? .error : (enabling ? .success : .warning))
    }
}
