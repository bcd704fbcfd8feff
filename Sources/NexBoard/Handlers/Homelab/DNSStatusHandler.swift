import Integrations
import NexBoardCore

/// `dns status`: each DNS filter's blocking state, today's queries and blocked share, top blocked domains.
struct DNSStatusHandler: CommandHandler {
    let command = "dns status"

    func handle(_ context: CommandContext) async throws -> Message {
        let filters = try context.dnsFilters()
        let logger = context.logger
        let results = await withTaskGroup(of: (Int, Result<DNSFilterStatus, any Error>).self) { group in
            for (index, named) in filters.enumerated() {
                group.addTask {
                    do { return (index, .success(try await named.filter.status(logger: logger))) } catch { return (index, .failure(error)) }
                }
            }
            var results: [Int: Result<DNSFilterStatus, any Error>] = [:]
            for await (index, result) in group { results[index] = result }
            return filters.indices.compactMap { results[$0] }
        }
        // With a single filter its error is the answer; with several, each reports on its own line.
        if results.count == 1, case let .failure(error) = results[0] { throw error }

        var fields: [Message.Field] = []
        var code: [String] = []
        var anyOff = false
        for (named, result) in zip(filters, results) {
            switch result {
            case let .success(status):
                anyOff = anyOff || !status.blocking.isEnabled
                let blocked = "\(Format.count(status.blocked)) (\(Format.percent(status.blockedRatio)))"
                fields.append(.init(status.product, "Blocking \(DNSBlockingText.describe(status.blocking, now: context.now))\n"
                    + "\(Format.count(status.queries)) queries \(status.period), \(blocked) blocked", inline: false))
                if !status.topBlocked.isEmpty {
                    let width = status.topBlocked.map(\.domain.count).max() ?? 0
                    code.append("Top blocked on \(named.filter.service)\n" + status.topBlocked.map {
                        $0.domain.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + Format.count($0.count)
                    }.joined(separator: "\n"))
                }
            case let .failure(error):
                let reason = (error as? any UserFacingError)?.userMessage ?? "\(named.filter.service) could not be read."
                fields.append(.init(named.filter.service, reason, inline: false))
            }
        }
        let failed = results.contains { if case .failure = $0 { true } else { false } }
        return Message(
            title: filters.count == 1 ? "DNS filter" : "DNS filters",
            fields: fields,
            code: code.isEmpty ? nil : code.joined(separator: "\n\n"),
            buttons: anyOff ? [Button("Resume blocking", command: "dns resume")] : [Button("Pause 5 min", command: "dns pause 5m")],
            severity: failed ? .error : (anyOff ? .warning : .success))
    }
}
