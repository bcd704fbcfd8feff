import ArgumentParser
import Foundation
import Logging

/// `nexboard-bench`: benchmarks run on demand on a release build. They print figures (or JSON with
/// `--json`); they are not timed tests.
@main
struct NexBoardBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "nexboard-bench",
        abstract: "NexBoard's benchmarks. Build with -c release; figures go to standard output.",
        discussion: """
            Without a sub-command, runs cluster, poll, discord and slack in turn. memory and backup start \
            processes of its own (the nexboard binary built beside this one). fake-slack is not a \
            benchmark: a fake Slack to try `nexboard run` against by hand.
            """,
        subcommands: [All.self, Cluster.self, Poll.self, Hook.self, Memory.self, Discord.self, Slack.self, Matrix.self, Monitor.self, Backup.self, Integrations.self, Console.self, FakeSlackCommand.self],
        defaultSubcommand: All.self)

    /// The nexboard binary built beside this one: the benchmarks that start it as a process of its own.
    static var nexboardBinary: String {
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("nexboard").path
    }

    /// Options every benchmark takes.
    struct Options: ParsableArguments {
        @Option(help: "Samples per measurement.")
        var iterations = 30
        @Option(help: "Nodes of the simulated cluster.")
        var nodes = 50
        @Option(help: "Guests (VMs and containers) of the simulated cluster.")
        var guests = 10_000
        @Flag(help: "Print the figures as one JSON array at the end instead of lines of text.")
        var json = false

        func validate() throws {
            guard iterations >= 1 else { throw ValidationError("--iterations must be at least 1.") }
            guard (1...500).contains(nodes) else { throw ValidationError("--nodes must be between 1 and 500.") }
            guard (0...100_000).contains(guests) else { throw ValidationError("--guests must be between 0 and 100000.") }
        }
    }

    struct All: SizedBenchmark {
        static let configuration = CommandConfiguration(abstract: "cluster, poll, discord and slack, one after the other.")
        @OptionGroup var options: Options

        func measure(into report: BenchmarkReport) async throws {
            try await ClusterBenchmark.run(options, report: report)
            try await PollDecodeBenchmark.run(options, report: report)
            try await DiscordBenchmark.run(report: report)
            try await SlackBenchmark.run(report: report)
        }
    }

    struct Cluster: SizedBenchmark {
        static let configuration = CommandConfiguration(
            abstract: "GET /cluster/resources, vm list end to end, alert snapshots, rules and cycles with the store.")
        @OptionGroup var options: Options

        func measure(into report: BenchmarkReport) async throws {
            try await ClusterBenchmark.run(options, report: report)
        }
    }

    struct Poll: SizedBenchmark {
        static let configuration = CommandConfiguration(
            abstract: "One poll cycle from bytes: decode alone, decode + diff + 20 rules (also with 3 silences), and the whole service cycle with its commit.")
        @OptionGroup var options: Options

        func measure(into report: BenchmarkReport) async throws {
            try await PollDecodeBenchmark.run(options, report: report)
        }
    }

    struct Hook: SizedBenchmark {
        static let configuration = CommandConfiguration(
            abstract: "POST /hooks/proxmox → the JSON webhook's request, one hook at a time (target: 100 ms).")
        @OptionGroup var options: Options
        @Option(help: "Hooks to send.")
        var hooks = 200

        func measure(into report: BenchmarkReport) async throws {
            try await HookBenchmark.run(hooks: hooks, report: report)
        }
    }

    struct Memory: SizedBenchmark {
        static let configuration = CommandConfiguration(
            abstract: "Resident memory of `nexboard run` idle (3 nodes) and polling the simulated cluster (--nodes, --guests).")
        @OptionGroup var options: Options
        @Option(help: "The nexboard binary (default: the one beside nexboard-bench).")
        var binary: String?
        @Option(help: "Poll cycles to run before measuring.")
        var cycles = 10

        func measure(into report: BenchmarkReport) async throws {
            let binary = binary ?? NexBoardBench.nexboardBinary
            guard FileManager.default.isExecutableFile(atPath: binary) else {
                throw ValidationError("no nexboard binary at \(binary): build it (swift build -c release --product nexboard) or pass --binary.")
            }
            try await MemoryBenchmark.run(binary: binary, options: options, cycles: cycles, report: report)
        }
    }

    struct Backup: SizedBenchmark {
        static let configuration = CommandConfiguration(
            abstract: "backup list and backup status end to end over the simulated cluster with 5 backups a guest (target: 300 ms at 50 nodes × 10,000 guests).",
            discussion: "With the simulator in this process, then in a `nexboard simulator` process: there, the CPU of NexBoard and of the simulator per command.")
        @OptionGroup var options: Options
        @Option(help: "The nexboard binary for the simulator process (default: the one beside nexboard-bench).")
        var binary: String?

        func measure(into report: BenchmarkReport) async throws {
            try await BackupBenchmark.run(options, binary: binary ?? NexBoardBench.nexboardBinary, report: report)
        }
    }

    struct Integrations: SizedBenchmark {
        static let configuration = CommandConfiguration(
            abstract: "pfSense + Pi-hole + NPM (50 hosts) + 20 app checks polled concurrently: one cycle's wall and CPU time (target: 50 ms CPU).")
        @OptionGroup var options: Options

        func measure(into report: BenchmarkReport) async throws {
            try await IntegrationBenchmark.run(iterations: options.iterations, report: report)
        }
    }

    struct Monitor: SizedBenchmark {
        static let configuration = CommandConfiguration(
            abstract: "Heatmaps rendered (50 nodes × 24 buckets; 10,000 guests, top 50), an 800×300 graph picture drawn and encoded, and monitor heatmap guests end to end.")
        @OptionGroup var options: Options

        func measure(into report: BenchmarkReport) async throws {
            try await MonitorBenchmark.run(options, report: report)
        }
    }

    struct Console: SizedBenchmark {
        static let configuration = CommandConfiguration(
            abstract: "The console proxy on loopback: RFB throughput and terminal echo latency through NexBoard against a direct connection (targets: ≥ 70%, ≤ 1 ms added p99).")
        @OptionGroup var options: Options
        @Option(help: "Full-screen RFB updates (256 KB each) per throughput sample.")
        var updates = 200
        @Option(help: "Echoed 64-byte terminal messages.")
        var messages = 2000

        func measure(into report: BenchmarkReport) async throws {
            try await ConsoleBenchmark.run(iterations: min(options.iterations, 10), updates: updates, messages: messages, report: report)
        }
    }

    struct Discord: Benchmark {
        static let configuration = CommandConfiguration(
            abstract: "1,000 interactions, 50 in flight, cold then warm: INTERACTION_CREATE → deferred reply.")
        @Flag(help: "Print the figures as one JSON array at the end instead of lines of text.")
        var json = false

        func measure(into report: BenchmarkReport) async throws {
            try await DiscordBenchmark.run(report: report)
        }
    }

    struct Slack: Benchmark {
        static let configuration = CommandConfiguration(
            abstract: "1,000 Socket Mode envelopes, 50 in flight, cold then warm: envelope → ack with the reply.")
        @Flag(help: "Print the figures as one JSON array at the end instead of lines of text.")
        var json = false

        func measure(into report: BenchmarkReport) async throws {
            try await SlackBenchmark.run(report: report)
        }
    }

    struct Matrix: Benchmark {
        static let configuration = CommandConfiguration(
            abstract: "200 commands through a real Synapse (SYNAPSE_PYTHON): command → reply seen in /sync, and the bot's own share.")
        @Flag(help: "Print the figures as one JSON array at the end instead of lines of text.")
        var json = false

        func measure(into report: BenchmarkReport) async throws {
            try await MatrixBenchmark.run(report: report)
        }
    }

    struct FakeSlackCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "fake-slack",
            abstract: "A fake Slack to try `nexboard run` by hand: prints the slack section to configure, then sends each LINE as /nex LINE (`press` presses the last reply's first button).")
        @Argument(help: "Lines to send once NexBoard connects.")
        var lines: [String] = []

        func run() async throws {
            try await FakeSlackSession.run(lines)
        }
    }
}

/// A sub-command that measures into a report: `run` silences logging, measures, and prints the
/// figures (as they come, or as one JSON array with `--json`).
protocol Benchmark: AsyncParsableCommand {
    var json: Bool { get }
    func measure(into report: BenchmarkReport) async throws
}

extension Benchmark {
    func run() async throws {
        LoggingSystem.bootstrap { _ in SwiftLogNoOpLogHandler() }
        let report = BenchmarkReport(json: json)
        try await measure(into: report)
        report.finish()
    }
}

/// A benchmark over the simulated cluster, sized by the shared options.
protocol SizedBenchmark: Benchmark {
    var options: NexBoardBench.Options { get }
}

extension SizedBenchmark {
    var json: Bool { options.json }
}
