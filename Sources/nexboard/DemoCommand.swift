import ArgumentParser
import Foundation
import Logging
import NexBoard

struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Run NexBoard against an embedded simulated cluster, with a chat in the terminal.",
        discussion: """
        Each line is a command as typed after /nex in Slack, e.g. `vm list --tag lab`. Buttons show as
        numbers: type the number, or `confirm` / `cancel`. With --script, lines are read from a file
        (or - for standard input) and each reply is printed; the exit status is 1 if a line hit an
        internal error.
        """)

    @Option(help: "The configuration (default: config/demo.yaml shipped with NexBoard).")
    var config: String?

    @Option(help: "Keep the database in this folder (default: a temporary folder, removed at exit).")
    var dataDir: String?

    @Option(help: "Run the lines of this file (- for standard input) instead of the interactive chat.")
    var script: String?

    @Option(help: "The command catalog folder (default: the one shipped with NexBoard).")
    var commands: String?

    func run() async throws {
        guard let configPath = ResourceLocator.find("config/demo.yaml", explicit: config) else {
            Startup.printError("Cannot find config/demo.yaml; pass --config FILE or set NEXBOARD_SHARE.")
            throw ExitCode.failure
        }
        let loaded = try Startup.loadConfig(configPath)
        Startup.bootstrapLogging(level: script == nil ? .warning : .error)
        let logger = Logger(label: "nexboard")
        let catalog = try Startup.loadCatalog(commands)
        let lines = try script.map(Self.readScript)

        let temporary = dataDir == nil
            ? FileManager.default.temporaryDirectory.appendingPathComponent("nexboard-demo-\(UUID().uuidString.prefix(8))").path
            : nil
        defer { if let temporary { try? FileManager.default.removeItem(atPath: temporary) } }

        let app = try await NexBoardApplication.build(
            config: loaded, catalog: catalog, metrics: Startup.bootstrapMetrics(),
            options: .init(dataDirectory: dataDir ?? temporary, httpPort: lines == nil ? nil : 0, consoleChat: true), logger: logger)
        let errors = try await NexBoardRunner.runDemo(app, script: lines, write: { line in
            print(line)
            fflush(nil)
        }, logger: logger)
        if errors > 0 {
            Startup.printError("\(errors) line(s) hit an internal error")
            throw ExitCode.failure
        }
    }

    private static func readScript(_ path: String) throws -> [String] {
        if path == "-" {
            var lines: [String] = []
            while let line = readLine() { lines.append(line) }
            return lines
        }
        do {
            return try String(contentsOfFile: path, encoding: .utf8).components(separatedBy: .newlines)
        } catch {
            Startup.printError("Cannot read the script \(path): \(error.localizedDescription)")
            throw ExitCode.failure
        }
    }
}
