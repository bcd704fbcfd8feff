import Integrations
import NexBoardCore

/// `monitor query <promql>` (admins): an instant query on the configured Prometheus. A vector is a
/// table of series and values, a range vector (`metric[10m]`) sparklines, a scalar its value;
/// Prometheus's own explanation of a bad query is shown as it is.
struct MonitorQueryHandler: CommandHandler {
    let command = "monitor query"
    static let maximumLength = 2_000
    static let maximumSeries = 25

    func handle(_ context: CommandContext) async throws -> Message {
        guard let prometheus = context.services.prometheus else {
            throw InvalidRequest(userMessage: "Prometheus is not configured: add a `prometheus` section with its `url` to the configuration.")
        }
        let query = context.command.text("query") ?? ""
        guard query.count <= Self.maximumLength else {
            throw InvalidRequest(userMessage: "The query is \(query.count) characters long: at most \(Self.maximumLength).")
        }
        let result = try await prometheus.client.query(query)
        let shown = Array(result.series.prefix(Self.maximumSeries))
        var footer = "\(result.series.count) series"
        if result.series.count > shown.count { footer += ", the first \(shown.count) shown" }
        if !result.warnings.isEmpty { footer += " · warnings: " + result.warnings.joined(separator: "; ") }
        let title = "Prometheus: \(Markup.code(String(query.prefix(80))))"
        guard !shown.isEmpty else {
            return Message(title: title, text: "No series matched.", footer: footer)
        }
        switch result.kind {
        case .matrix:
            let graph = Sparkline(series: shown.map { Sparkline.Series($0.name, $0.samples.map { $0.value }) }, unit: .number, range: "")
            return Message(title: title, code: context.text(of: [graph]), footer: footer,
                           image: context.picture(of: [graph], title: "Prometheus: \(query.prefix(80))", name: "prometheus-query"))
        case .vector, .scalar, .string:
            let rows = shown.map { series -> [String] in
                let value = result.kind == .string ? series.labels["value"] ?? "" : series.samples.last.map { ChartFormat.number($0.value) } ?? "–"
                return [series.name, value]
            }
            return Message(title: title, table: Table(headers: ["series", "value"], rows: rows, alignments: [.left, .right]), footer: footer)
        }
    }
}
