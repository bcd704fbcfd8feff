import Alerting
import Foundation
import Logging
import NexBoardCore
import NexBoardTesting
import Prometheus
import Testing

@testable import NexBoard

/// `/metrics` on a fresh start, read by Prometheus's own Python parser (`prometheus_client`, which
/// prometheus-pve-exporter brings into `.ci/run`'s venv).
@Suite("Metrics on a fresh start")
struct MetricsEndpointTests {
    static let pythonPath = ProcessInfo.processInfo.environment["PVE_PYTHON"]

    /// Parses the exposition text; prints `name<TAB>type<TAB>sample name<TAB>labels` per sample, or
    /// fails on a line it cannot parse, an invalid name or a series given twice.
    static let parser = #"""
        import json, re, sys
        from prometheus_client.parser import text_string_to_metric_families
        seen = set()
        for family in text_string_to_metric_families(sys.stdin.read()):
            for sample in family.samples:
                if not re.fullmatch(r"[a-zA-Z_:][a-zA-Z0-9_:]*", sample.name):
                    sys.exit("invalid name " + sample.name)
                for label in sample.labels:
                    if not re.fullmatch(r"[a-zA-Z_][a-zA-Z0-9_]*", label):
                        sys.exit("invalid label " + label)
                key = (sample.name, tuple(sorted(sample.labels.items())))
                if key in seen:
                    sys.exit("duplicate series %r" % (key,))
                seen.add(key)
                print("\t".join([family.name, family.type, sample.name, json.dumps(sample.labels, sort_keys=True), repr(sample.value)]))
        """#

    /// The families with series on a fresh start without a chat platform (the chat ones are per platform).
    static let families = MetricFamily.all.filter { $0 != .chatConnected && $0 != .chatReconnects }

    /// A real configuration's shape: one simulated cluster, one webhook, the built-in catalog.
    func freshApplicationMetrics() async throws -> String {
        var config = NexBoardConfig(logLevel: .warning, dataDirectory: "unused",
                                    clusters: [ClusterConfig(name: "lab", source: .simulator(nodes: 3, guests: 10, seed: 1), timeout: .seconds(5))])
        config.alerts.webhooks = [WebhookConfig(name: "ops", url: Secret("http://127.0.0.1:9/hook"), format: "json")]
        var quiet = Logger(label: "test")
        quiet.logLevel = .critical
        let registry = PrometheusCollectorRegistry()
        let app = try await NexBoardApplication.build(
            config: config, catalog: try CommandCatalog.load(directory: RepositoryPaths.commands), metrics: registry,
            options: .init(inMemoryStore: true, httpPort: 0), logger: quiet)
        await app.shutdown()
        return registry.emitToString()
    }

    @Test("every family is declared with help text, counters end in _total, durations in _seconds, no other family in _total")
    func familyNames() {
        for family in MetricFamily.all {
            #expect(!family.help.isEmpty, "\(family.name)")
            #expect(family.name.hasSuffix("_total") == (family.kind == .counter), "\(family.name)")
            if family.kind == .histogram { #expect(family.name.hasSuffix("_seconds"), "\(family.name)") }
        }
        #expect(Set(MetricFamily.all.map(\.name)).count == MetricFamily.all.count)
    }

    @Test("a fresh start shows every family with its help, at zero, for each cluster, destination, command and outcome")
    func everyFamilyAtStart() async throws {
        let text = try await freshApplicationMetrics()
        for family in Self.families {
            #expect(text.contains("# HELP \(family.name) "), "\(family.name) has no help line")
            #expect(text.contains("# TYPE \(family.name) \(family.kind.rawValue)"), "\(family.name) is missing")
        }
        #expect(text.contains(#"nexboard_build_info{version="\#(NexBoardVersion.current)"} 1.0"#))
        #expect(text.contains(#"nexboard_poll_cycles_total{cluster="lab",outcome="unreachable"} 0"#))
        #expect(text.contains(#"nexboard_proxmox_errors_total{cluster="lab",kind="timeout"} 0"#))
        #expect(text.contains(#"nexboard_alerts{cluster="lab",state="firing",severity="critical"} 0.0"#))
        #expect(text.contains(#"nexboard_outbox_pending{destination="webhook:ops"} 0.0"#))
        #expect(text.contains(#"nexboard_deliveries_total{destination="webhook:ops",outcome="dead"} 0"#))
        #expect(text.contains(#"nexboard_commands_total{command="vm stop",outcome="denied"} 0"#))
        #expect(text.contains(#"nexboard_confirmations_total{outcome="expired"} 0"#))
        #expect(text.contains(#"nexboard_poll_cycle_duration_seconds_count{cluster="lab"} 0"#))
    }

    @Test("Prometheus's text parser reads /metrics of a fresh start: valid names, no duplicate series, every family",
          .enabled(if: try TestPeer.check("prometheus_client (PVE_PYTHON, with prometheus-pve-exporter)", present: pythonPath != nil)))
    func parsedByPrometheusClient() async throws {
        let text = try await freshApplicationMetrics()
        let result = try await ChildProcess.run(URL(fileURLWithPath: try #require(Self.pythonPath)), arguments: ["-c", Self.parser], input: text)
        #expect(result.status == 0, "\(result.errors)")
        let samples = result.output.split(separator: "\n").map { $0.split(separator: "\t").map(String.init) }
        let sampleNames = Set(samples.compactMap { $0.count > 2 ? $0[2] : nil })
        for family in Self.families {
            let expected = family.kind == .histogram ? family.name + "_count" : family.name
            #expect(sampleNames.contains(expected), "\(family.name) not parsed")
        }
        let resident = samples.first { $0.count > 4 && $0[2] == "process_resident_memory_bytes" }
        #expect((resident.flatMap { Double($0[4]) } ?? 0) > 1_000_000, "a resident size is read from /proc/self")
    }

    /// promtool from Debian's `prometheus` package, on the PATH (`.ci/run` installs it).
    static let promtool: String? = (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":")
        .map { "\($0)/promtool" }.first { FileManager.default.isExecutableFile(atPath: $0) }

    @Test("promtool's lint finds nothing wrong in /metrics of a fresh start",
          .enabled(if: try TestPeer.check("promtool (Debian package prometheus)", present: promtool != nil)))
    func promtoolLint() async throws {
        let text = try await freshApplicationMetrics()
        let result = try await ChildProcess.run(URL(fileURLWithPath: try #require(Self.promtool)), arguments: ["check", "metrics"], input: text)
        #expect(result.status == 0, "\(result.output)\(result.errors)")
    }

    @Test("promtool accepts the alerting rules in deploy/, and they only use metrics NexBoard has",
          .enabled(if: try TestPeer.check("promtool (Debian package prometheus)", present: promtool != nil)))
    func alertingRules() async throws {
        let path = RepositoryPaths.file("deploy/prometheus/nexboard-alerts.yml")
        let result = try await ChildProcess.run(URL(fileURLWithPath: try #require(Self.promtool)), arguments: ["check", "rules", path])
        #expect(result.status == 0, "\(result.output)\(result.errors)")
        #expect(result.output.contains("SUCCESS"))
        for name in Self.metricNames(in: try String(contentsOfFile: path, encoding: .utf8)) {
            #expect(Self.known(name), "\(name) is not a NexBoard metric")
        }
    }

    @Test("the Grafana dashboard is JSON whose every query uses metrics NexBoard has, and shows every family")
    func grafanaDashboard() throws {
        let data = try Data(contentsOf: URL(fileURLWithPath: RepositoryPaths.file("deploy/grafana/nexboard-dashboard.json")))
        let dashboard = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let panels = try #require(dashboard["panels"] as? [[String: Any]])
        let expressions = panels.flatMap { ($0["targets"] as? [[String: Any]] ?? []).compactMap { $0["expr"] as? String } }
        #expect(expressions.count >= 15)
        let used = Set(expressions.flatMap(Self.metricNames))
        for name in used { #expect(Self.known(name), "\(name) is not a NexBoard metric") }
        let shown = Set(used.map { $0.replacingOccurrences(of: "_bucket", with: "") })
        for family in MetricFamily.all { #expect(shown.contains(family.name), "\(family.name) is on no panel") }
    }

    /// The metric names (nexboard_…, process_…) an expression or file mentions.
    static func metricNames(in text: String) -> [String] {
        let pattern = /\b(?:nexboard|process)_[a-z_]+/
        return text.matches(of: pattern).map { String($0.output) }
    }

    static func known(_ name: String) -> Bool {
        MetricFamily.all.contains { $0.name == name || ($0.kind == .histogram && name == $0.name + "_bucket") }
    }
}

