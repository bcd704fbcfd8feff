import ArgumentParser
import ChatConsole
import Foundation
import Logging
import NexBoard
import Synchronization

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

    @Option(help: "The configuration (default: the demo configuration built into NexBoard, config/demo.yaml).")
    var config: String?

    @Option(help: "Keep the database in this folder (default: a temporary folder, removed at exit).")
    var dataDir: String?

    @Option(help: "Run the lines of this file (- for standard input) instead of the interactive chat.")
    var script: String?

    @Option(help: "The command catalog folder (default: the configuration's commands_dir, else the catalog built into NexBoard).")
    var commands: String?

    @Option(help: "Serve the HTTP page on this port (0: any free port; default: the configuration's, or any free port with --script).")
    var httpPort: Int?

    func validate() throws {
        if let httpPort, !(0...65535).contains(httpPort) { throw ValidationError("--http-port must be between 0 and 65535.") }
    }

    func run() async throws {
        let loaded = try Startup.loadDemoConfig(config)
        Startup.bootstrapLogging(level: script == nil ? .warning : .error)
        let logger = Logger(label: "nexboard")
        let catalog = try Startup.loadCatalog(commands, config: loaded)
        let internalErrors = Mutex(0)
        let input: Platforms.ConsoleInput
        if let script {
            input = .script(try await Self.readScript(script), finished: { count in internalErrors.withLock { $0 = count } })
        } else {
            input = .interactive(TerminalInput.lines())
        }
        // Replies and the prompt go to the terminal from a thread of their own (see TerminalWriter).
        let terminal = TerminalWriter()

        let temporary = dataDir == nil
            ? FileManager.default.temporaryDirectory.appendingPathComponent("nexboard-demo-\(UUID().uuidString.prefix(8))").path
            : nil
        defer { if let temporary { try? FileManager.default.removeItem(atPath: temporary) } }

        let console = Platforms.console(subject: loaded.consoleSubject, input: input, write: { terminal.write($0) })
        let app = try await NexBoardApplication.build(
            config: loaded, catalog: catalog, metrics: Startup.bootstrapMetrics(),
            platforms: Platforms.configured(loaded, catalog: catalog) + [console],
            options: .init(dataDirectory: dataDir ?? temporary, httpPort: httpPort ?? (script == nil ? nil : 0)), logger: logger)
        do {
            try await NexBoardRunner.run(app, logger: logger)
        } catch {
            await terminal.flush()
            throw error
        }
        await terminal.flush()
        let errors = internalErrors.withLock { $0 }
        if errors > 0 {
            Startup.printError("\(errors) line(s) hit an internal error")
            throw ExitCode.failure
        }
    }

    private static func readScript(_ path: String) async throws -> [String] {
        if path == "-" {
            var lines: [String] = []
            for await line in TerminalInput.lines() { lines.append(line) }
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
